/**
 * Runs `work` one at a time. A call while it runs asks for one more run right after it, and any
 * number of such calls share that one run, so a burst runs the work at most twice. Each call
 * resolves when a run that started after it has ended. `proceed` can stop the repeats (shutdown).
 */
export class CoalescedRun {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly work: () => Promise<void>,
    private readonly proceed: () => boolean = () => true,
  ) {}

  run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.work();
      } while (this.again && this.proceed());
    })().finally(() => (this.running = null));
    return this.running;
  }
}
