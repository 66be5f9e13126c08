/**
 * Rows handed to a slow writer in batches, off the request path: every `intervalMs`, or at once
 * when `maxRows` are waiting. One batch is written at a time, in arrival order; a batch that
 * fails goes back to the front and is tried again at the next interval, so a database restart
 * loses nothing. Memory is bounded by `capacity`: past it the oldest rows are dropped and
 * counted (the caller logs them), because serving must never wait on, or die of, a log.
 */
export interface WriteBehindOptions {
  intervalMs: number;
  maxRows: number;
  capacity: number;
}

export class WriteBehindBuffer<T> {
  private pending: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private dropped = 0;

  constructor(
    private readonly write: (rows: T[]) => Promise<void>,
    private readonly options: WriteBehindOptions,
    /** Told of every failed write (the batch is kept) and of rows dropped for lack of room. */
    private readonly report: (event: { failed?: Error; dropped?: number; waiting: number }) => void = () => undefined,
  ) {}

  /** Rows waiting to be written (not counting a batch being written now). */
  get size(): number {
    return this.pending.length;
  }

  add(rows: readonly T[]): void {
    if (rows.length === 0) return;
    this.pending.push(...rows);
    this.trim();
    if (this.pending.length >= this.options.maxRows) void this.flush();
    else this.schedule();
  }

  /** Writes what is waiting now; resolves once it, and every write before it, has finished. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0, this.options.maxRows);
    if (batch.length === 0) return this.writing;
    this.writing = this.writing.then(() => this.writeOrKeep(batch));
    // Bursts above maxRows go out in several batches, one after another.
    return this.pending.length >= this.options.maxRows ? this.flush() : (this.schedule(), this.writing);
  }

  /** Flushes until nothing waits, or gives up after `attempts` failing rounds (at shutdown). */
  async drain(attempts = 3): Promise<number> {
    for (let i = 0; i < attempts && (this.pending.length > 0 || this.timer); i++) {
      await this.flush();
      await this.writing;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    return this.pending.length;
  }

  private async writeOrKeep(batch: T[]): Promise<void> {
    try {
      await this.write(batch);
    } catch (err) {
      this.pending.unshift(...batch);
      this.trim();
      this.report({ failed: err as Error, waiting: this.pending.length });
      this.schedule();
    }
  }

  private schedule(): void {
    if (this.timer || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.options.intervalMs);
    this.timer.unref();
  }

  private trim(): void {
    const over = this.pending.length - this.options.capacity;
    if (over <= 0) return;
    this.pending.splice(0, over);
    this.dropped += over;
    this.report({ dropped: this.dropped, waiting: this.pending.length });
  }
}
