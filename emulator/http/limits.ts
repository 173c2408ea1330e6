/**
 * The org's daily API allowance. Every authenticated REST call costs one (a composite call too);
 * past the allowance Salesforce refuses with 403 REQUEST_LIMIT_EXCEEDED until the 24-hour window
 * rolls over.
 */
import type { Clock } from './types';

export const DEFAULT_DAILY_API_REQUESTS = 15000;
const DAY_MS = 24 * 60 * 60 * 1000;

export class ApiUsage {
  private used = 0;
  private windowStart: number;

  constructor(
    private readonly clock: Clock,
    private max: number = DEFAULT_DAILY_API_REQUESTS,
  ) {
    this.windowStart = clock();
  }

  /** Counts one request if the allowance has room; false means answer REQUEST_LIMIT_EXCEEDED. */
  tryConsume(): boolean {
    this.rollWindow();
    if (this.used >= this.max) return false;
    this.used++;
    return true;
  }

  set(options: { used?: number; max?: number }): void {
    this.rollWindow();
    if (options.max !== undefined) this.max = options.max;
    if (options.used !== undefined) this.used = options.used;
  }

  reset(max: number): void {
    this.max = max;
    this.used = 0;
    this.windowStart = this.clock();
  }

  snapshot(): { used: number; max: number; remaining: number } {
    this.rollWindow();
    return { used: this.used, max: this.max, remaining: Math.max(0, this.max - this.used) };
  }

  /** `Sforce-Limit-Info`, on every REST answer. */
  headerValue(): string {
    const { used, max } = this.snapshot();
    return `api-usage=${used}/${max}`;
  }

  /** GET /limits: DailyApiRequests is real; the other entries are plausible constants. */
  limitsBody(): Record<string, { Max: number; Remaining: number }> {
    const { max, remaining } = this.snapshot();
    return {
      ConcurrentAsyncGetReportInstances: { Max: 200, Remaining: 200 },
      ConcurrentSyncReportRuns: { Max: 20, Remaining: 20 },
      DailyApiRequests: { Max: max, Remaining: remaining },
      DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
      DailyBulkApiBatches: { Max: 15000, Remaining: 15000 },
      DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
      DailyStreamingApiEvents: { Max: 10000, Remaining: 10000 },
      DataStorageMB: { Max: 5, Remaining: 5 },
      FileStorageMB: { Max: 20, Remaining: 20 },
      HourlyDashboardRefreshes: { Max: 200, Remaining: 200 },
      HourlySyncReportRuns: { Max: 500, Remaining: 500 },
      MassEmail: { Max: 10, Remaining: 10 },
      SingleEmail: { Max: 15, Remaining: 15 },
    };
  }

  private rollWindow(): void {
    const now = this.clock();
    if (now - this.windowStart >= DAY_MS) {
      this.windowStart = now;
      this.used = 0;
    }
  }
}
