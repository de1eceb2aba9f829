/**
 * NetSuite's per-account concurrency limit: a request that arrives while `limit` others are still
 * being served is refused at once (HTTP 429), not queued.
 */
export class ConcurrencyGate {
  private inFlight = 0;
  private readonly limit: number;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`NetSuite concurrency limit must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  /** Runs `work` when a slot is free; otherwise answers `onBusy()` without running it. */
  async run<T>(work: () => Promise<T>, onBusy: () => T): Promise<T> {
    if (this.inFlight >= this.limit) return onBusy();
    this.inFlight += 1;
    try {
      return await work();
    } finally {
      this.inFlight -= 1;
    }
  }
}
