/**
 * Runs `pass` again and again, one at a time: at once after a full batch, after `idleMs`
 * otherwise, after `retryMs` when it failed, and as soon as possible when kicked. Pure (no Nest),
 * so its timing rules are unit-tested with fake timers.
 */
export interface PollLoopOptions {
  /** A pass that moved this many items (a full batch) is followed by another at once. */
  batch: number;
  idleMs: number;
  retryMs: number;
  onError: (err: Error) => void;
}

export class PollLoop {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private kickedDuringPass = false;
  private stopped = false;

  constructor(
    /** One pass; resolves with how many items it moved. */
    private readonly pass: () => Promise<number>,
    private readonly options: PollLoopOptions,
  ) {}

  start(): void {
    this.schedule(0);
  }

  /**
   * Asks for a pass now. A kick during a pass asks for another right after it: that pass may
   * have looked before whatever the kick announces, and the idle wait would delay it.
   */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.kickedDuringPass = true;
    else this.schedule(0);
  }

  /** No pass starts after this; resolves once the running one (if any) ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runPass(), ms);
  }

  private runPass(): void {
    this.timer = null;
    this.kickedDuringPass = false;
    this.running = this.pass()
      .then((moved) => (moved >= this.options.batch ? 0 : this.options.idleMs))
      .catch((err: Error) => {
        this.options.onError(err);
        return this.options.retryMs;
      })
      .then((next) => {
        this.running = null;
        // A failing pass is not retried sooner for being kicked.
        this.schedule(this.kickedDuringPass && next !== this.options.retryMs ? 0 : next);
      });
  }
}
