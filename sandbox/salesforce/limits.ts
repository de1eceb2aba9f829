/**
 * The org's daily API request allowance. Every REST call counts (the OAuth token endpoint does not);
 * past the limit calls answer 403 REQUEST_LIMIT_EXCEEDED. The counter restarts each UTC day.
 * `Sforce-Limit-Info` and `GET /limits` report the same numbers.
 */
export class ApiUsage {
  private used = 0;
  private day: string;
  private bulkQueryJobs = 0;
  private bulkIngestBatches = 0;
  readonly limit: number;
  private readonly now: () => number;

  constructor(limit: number, now: () => number = Date.now) {
    this.limit = limit;
    this.now = now;
    this.day = this.today();
  }

  /** Counts one request; false when the daily limit is already used up. */
  count(): boolean {
    this.rollOver();
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }

  countBulkQueryJob(): void {
    this.bulkQueryJobs += 1;
  }

  countBulkIngestBatch(): void {
    this.bulkIngestBatches += 1;
  }

  /** `Sforce-Limit-Info` header value. */
  header(): string {
    this.rollOver();
    return `api-usage=${this.used}/${this.limit}`;
  }

  /** The body of `GET /services/data/vXX.X/limits`. */
  limitsBody(): Record<string, { Max: number; Remaining: number }> {
    this.rollOver();
    const allowance = (max: number, used = 0): { Max: number; Remaining: number } => ({ Max: max, Remaining: Math.max(0, max - used) });
    return {
      ConcurrentAsyncGetReportInstances: allowance(200),
      ConcurrentSyncReportRuns: allowance(20),
      DailyApiRequests: allowance(this.limit, this.used),
      DailyAsyncApexExecutions: allowance(250_000),
      DailyBulkApiBatches: allowance(15_000, this.bulkIngestBatches),
      DailyBulkV2QueryFileStorageMB: allowance(976_562),
      DailyBulkV2QueryJobs: allowance(10_000, this.bulkQueryJobs),
      DailyDurableStreamingApiEvents: allowance(10_000),
      DailyStreamingApiEvents: allowance(10_000),
      DataStorageMB: allowance(1024),
      FileStorageMB: allowance(1024),
      HourlyODataCallout: allowance(10_000),
      HourlyTimeBasedWorkflow: allowance(1000),
      MassEmail: allowance(5000),
      SingleEmail: allowance(5000),
    };
  }

  private today(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  private rollOver(): void {
    const today = this.today();
    if (today === this.day) return;
    this.day = today;
    this.used = 0;
    this.bulkQueryJobs = 0;
    this.bulkIngestBatches = 0;
  }
}
