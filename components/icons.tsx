import type { ComponentChildren } from 'preact';

/**
 * The sidebar's icons, drawn in the manner of Dialtone's (24-unit grid, 2-unit round strokes, the
 * current text colour). Decorative: the button or text beside each one carries the words.
 */
function Icon({ size = 18, className, children }: { size?: number; className?: string; children: ComponentChildren }) {
  return (
    <svg class={className ?? 'sfsd-icon'} viewBox="0 0 24 24" width={size} height={size} aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      {children}
    </svg>
  );
}

export function CloudIcon() {
  return (
    <svg class="sfsd-logo" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path
        fill="currentColor"
        d="M10 5.5a4.5 4.5 0 0 1 3.9 2.3A3.8 3.8 0 0 1 19.5 11 3.5 3.5 0 0 1 18.5 18H6a4 4 0 0 1-.8-7.9A4.5 4.5 0 0 1 10 5.5Z"
      />
    </svg>
  );
}

export function ChevronRightIcon() {
  return (
    <Icon>
      <path d="m9 6 6 6-6 6" />
    </Icon>
  );
}

export function SearchIcon() {
  return (
    <Icon>
      <circle cx="11" cy="11" r="6.5" />
      <path d="m16 16 4.5 4.5" />
    </Icon>
  );
}

export function ExternalIcon() {
  return (
    <Icon size={14}>
      <path d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5" />
    </Icon>
  );
}

export function PencilIcon() {
  return (
    <Icon size={16}>
      <path d="M4 20h4L19 9l-4-4L4 16v4ZM13.5 6.5l4 4" />
    </Icon>
  );
}

export function CloseIcon() {
  return (
    <Icon size={16}>
      <path d="M6 6l12 12M18 6 6 18" />
    </Icon>
  );
}

const HANDSET = 'M5 4h3.5l1.5 4-2 1.5a11 11 0 0 0 6.5 6.5l1.5-2 4 1.5V19a1.5 1.5 0 0 1-1.5 1.5A16.5 16.5 0 0 1 3.5 5.5 1.5 1.5 0 0 1 5 4Z';

/** A handset with an arrow: into it for a call coming in, out of it for one going out. */
export function CallIcon({ direction }: { direction: 'inbound' | 'outbound' }) {
  return (
    <Icon size={16}>
      <path d={HANDSET} />
      {direction === 'inbound' ? <path d="M21 3l-6 6M15 4.5V9h4.5" /> : <path d="M15 9l6-6M16.5 3H21v4.5" />}
    </Icon>
  );
}

export function CheckIcon() {
  return (
    <Icon size={16}>
      <path d="m5 12.5 4.5 4.5L19 7.5" />
    </Icon>
  );
}

export function NoteIcon() {
  return (
    <Icon size={16}>
      <path d="M6 3h9l4 4v13a1 1 0 0 1-1 1H6a1 1 0 0 1-1-1V4a1 1 0 0 1 1-1ZM9 12h6M9 16h4" />
    </Icon>
  );
}

export function AlertIcon() {
  return (
    <Icon size={16}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 7.5v5.5M12 16.5v.01" />
    </Icon>
  );
}

export function InfoIcon() {
  return (
    <Icon size={16}>
      <circle cx="12" cy="12" r="9" />
      <path d="M12 11v5.5M12 7.5v.01" />
    </Icon>
  );
}
