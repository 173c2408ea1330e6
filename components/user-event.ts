/**
 * Whether an event comes from the user (a real click, key or submit) rather than from a script:
 * actions that write to Salesforce or change what is queued run only for the user's own events, so
 * a script that got hold of the sidebar's elements could not trigger them. Unit tests' DOM library
 * marks every event untrusted; only their build trusts synthetic events.
 */
export function isUserEvent(event: Event): boolean {
  return event.isTrusted || __TRUST_SYNTHETIC_EVENTS__;
}

/** Wraps a write action: it runs only for the user's own event. */
export function byUser<E extends Event>(action: (event: E) => void): (event: E) => void {
  return (event) => {
    if (isUserEvent(event)) action(event);
  };
}
