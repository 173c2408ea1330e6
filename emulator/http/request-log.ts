/**
 * What reached the emulator (control calls excluded), so tests can count calls per endpoint since a
 * mark instead of sleeping and hoping.
 */

export interface LoggedRequest {
  /** Position in the log; a mark is the seq of the next entry. */
  seq: number;
  method: string;
  /** Path without the query string. */
  path: string;
  /** 0 when the connection was dropped (offline). */
  status: number;
  /** ISO time from the emulator's clock. */
  time: string;
  /** For POST /services/oauth2/token: which grant was asked for. */
  grantType?: string;
}

const MAX_ENTRIES = 10000;

export class RequestLog {
  private entries: LoggedRequest[] = [];
  private nextSeq = 0;

  add(entry: Omit<LoggedRequest, 'seq'>): void {
    this.entries.push({ seq: this.nextSeq++, ...entry });
    // Bounded so a long demo run cannot grow without end; old entries go first.
    if (this.entries.length > MAX_ENTRIES) this.entries.splice(0, this.entries.length - MAX_ENTRIES);
  }

  mark(): number {
    return this.nextSeq;
  }

  since(mark: number): { requests: LoggedRequest[]; counts: Record<string, number> } {
    const requests = this.entries.filter((entry) => entry.seq >= mark);
    const counts: Record<string, number> = {};
    for (const entry of requests) {
      const key = `${entry.method} ${entry.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return { requests, counts };
  }

  clear(): void {
    this.entries = [];
  }
}
