/**
 * Remembers OAuth nonces inside the timestamp window so a replayed request can be refused.
 * Entries older than the window are forgotten: a replay that old fails the timestamp check anyway.
 */
export class NonceRegistry {
  private readonly seen = new Map<string, number>();
  private readonly windowMs: number;
  private lastPrune = 0;

  constructor(windowMs: number) {
    this.windowMs = windowMs;
  }

  /** Records the nonce; false when the same token already used it within the window. */
  claim(token: string, nonce: string, nowMs: number = Date.now()): boolean {
    this.prune(nowMs);
    const key = `${token}\u0000${nonce}`;
    if (this.seen.has(key)) return false;
    this.seen.set(key, nowMs);
    return true;
  }

  private prune(nowMs: number): void {
    if (nowMs - this.lastPrune < this.windowMs / 10) return;
    this.lastPrune = nowMs;
    for (const [key, at] of this.seen) {
      // Insertion order is time order, so the first recent entry ends the sweep.
      if (nowMs - at <= 2 * this.windowMs) break;
      this.seen.delete(key);
    }
  }
}
