/**
 * The mechanism behind `selectors.ts`: named selectors with built-in variants, admin overrides from
 * policy (validated before use, a bad one falls back to the built-in), and match counters for the
 * diagnostics panel.
 */

export interface SelectorDefinition {
  /** CSS selectors tried as one selector list: old and new markup side by side. */
  variants: readonly string[];
  /** Where the selector comes from: verified in Dialtone's source, seen in third-party code, or guessed. */
  evidence: 'dialtone' | 'third-party' | 'guess';
  note: string;
}

export interface ResolvedSelector {
  name: string;
  selector: string;
  source: 'built-in' | 'override';
  /** Why an override was refused, when it was. */
  rejectedOverride?: { selector: string; reason: string };
}

export interface SelectorStats {
  lookups: number;
  matches: number;
}

/** Checks that a selector parses, without touching Dialpad's document. */
export function validateSelector(selector: string, parser: ParentNode): string | null {
  if (typeof selector !== 'string' || selector.trim() === '') return 'empty selector';
  if (selector.length > 500) return 'selector longer than 500 characters';
  try {
    parser.querySelector(selector);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function resolveSelectors<Name extends string>(
  definitions: Record<Name, SelectorDefinition>,
  overrides: Partial<Record<string, string>>,
  parser: ParentNode,
): Record<Name, ResolvedSelector> {
  const resolved = {} as Record<Name, ResolvedSelector>;
  for (const name of Object.keys(definitions) as Name[]) {
    const builtIn: ResolvedSelector = { name, selector: definitions[name].variants.join(', '), source: 'built-in' };
    const override = overrides[name];
    if (override === undefined) {
      resolved[name] = builtIn;
      continue;
    }
    const problem = validateSelector(override, parser);
    resolved[name] = problem
      ? { ...builtIn, rejectedOverride: { selector: override, reason: problem } }
      : { name, selector: override, source: 'override' };
  }
  return resolved;
}

/** One selector list matching every region the reader reads (for the observer's filter, or to find the regions). */
export function regionSelector<Name extends string>(resolved: Record<Name, ResolvedSelector>, regions: readonly Name[]): string {
  return regions.map((name) => resolved[name].selector).join(', ');
}
