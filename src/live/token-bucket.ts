/**
 * A token bucket: holds up to `capacity` tokens and gains `perSecond` of them as time passes.
 * Taking from it is O(1) and it keeps no timers, so every socket can have a few.
 */
export class TokenBucket {
  private tokens: number;
  private at: number;

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.tokens = capacity;
    this.at = now();
  }

  /** Tokens there are now (fractional). */
  available(): number {
    const t = this.now();
    if (t > this.at) {
      this.tokens = Math.min(this.capacity, this.tokens + ((t - this.at) / 1000) * this.perSecond);
      this.at = t;
    }
    return this.tokens;
  }

  /** Takes `n` tokens, or all there are if fewer. */
  spend(n: number): void {
    this.tokens = Math.max(0, this.available() - n);
  }

  /** Takes `n` tokens if there are that many; false (and nothing taken) if not. */
  take(n = 1): boolean {
    if (this.available() < n) return false;
    this.tokens -= n;
    return true;
  }
}
