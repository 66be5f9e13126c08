/**
 * A warning that repeats for as long as a dependency is away (every request that needed it): at
 * most one line per interval, counting the ones left out in the next, so an outage is logged
 * without flooding the log.
 */
export class ThrottledWarning {
  private lastMs = Number.NEGATIVE_INFINITY;
  private unwarned = 0;

  constructor(
    private readonly write: (line: string) => void,
    private readonly intervalMs = 10_000,
  ) {}

  warn(message: string, nowMs = Date.now()): void {
    if (nowMs - this.lastMs < this.intervalMs) {
      this.unwarned++;
      return;
    }
    const more = this.unwarned ? ` (${this.unwarned} more such events since the last warning)` : '';
    this.lastMs = nowMs;
    this.unwarned = 0;
    this.write(`${message}${more}`);
  }
}
