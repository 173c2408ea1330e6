/**
 * What an admin may send Dialpad's markup to support as: the shape of a region of the page with
 * nothing a person wrote or said in it. A skeleton keeps tags, `data-qa`, classes, an icon's
 * `data-name` and `role`; never text, never other attributes (names, numbers, hrefs, titles), and
 * every digit is masked. A URL becomes its path template (`/app/contacts/:id`).
 */
export interface SkeletonNode {
  tag: string;
  qa?: string;
  classes?: string[];
  name?: string;
  role?: string;
  /** Children left out past the size limits. */
  more?: number;
  children?: SkeletonNode[];
}

const mask = (value: string) => value.replace(/\d/g, '#');
const MAX_DEPTH = 12;
const MAX_CHILDREN = 12;
const MAX_CLASSES = 8;

export function skeleton(element: Element, depth = 0): SkeletonNode {
  const node: SkeletonNode = { tag: element.tagName.toLowerCase() };
  const qa = element.getAttribute('data-qa');
  if (qa) node.qa = mask(qa);
  const classes = [...element.classList].slice(0, MAX_CLASSES).map(mask);
  if (classes.length) node.classes = classes;
  const name = element.getAttribute('data-name');
  if (name && element.tagName.toLowerCase() === 'svg') node.name = mask(name);
  const role = element.getAttribute('role');
  if (role) node.role = mask(role);
  // An icon's drawing says nothing about the page.
  if (node.tag === 'svg') return node;
  const children = [...element.children];
  if (children.length && depth < MAX_DEPTH) {
    node.children = children.slice(0, MAX_CHILDREN).map((child) => skeleton(child, depth + 1));
    if (children.length > MAX_CHILDREN) node.more = children.length - MAX_CHILDREN;
  } else if (children.length) node.more = children.length;
  return node;
}

/** `/app/contacts/5629499534213120` → `/app/contacts/:id`; any other digit masked. */
export function pathTemplate(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => (/\d{3,}/.test(segment) ? ':id' : mask(segment)))
    .join('/')
    .slice(0, 200);
}

export type DialtoneGeneration = '2024' | '2023' | 'unknown';

/**
 * Which Dialtone generation the page is drawn with, from what is on it: `__` data-qa and
 * `d-recipe-*` classes (2024), `--` data-qa and `dt-recipe-*` classes (2023).
 */
export function detectGeneration(doc: ParentNode): DialtoneGeneration {
  if (doc.querySelector('[data-qa^="dt-recipe-callbox__"], .d-recipe-callbox, .d-recipe-top-banner-info, .d-recipe-contact-info')) return '2024';
  if (doc.querySelector('[data-qa^="dt-recipe-callbox--"], .dt-recipe-callbox, .d-top-banner-info, .dt-contact-info')) return '2023';
  return 'unknown';
}
