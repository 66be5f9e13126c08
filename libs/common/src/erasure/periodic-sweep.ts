import { Logger } from '@nestjs/common';
import { CoalescedRun } from '../concurrency/coalesced-run';

/**
 * A service's erasure sweep: every `everyMs` (ERASURE_SWEEP_MS) it runs `pass`, which erases
 * what the service keeps of users who no longer exist and returns how many users it erased
 * something of. One pass at a time: a pass asked for while one runs (`soon`) runs right after
 * it. A failed pass is logged and tried again at the next tick. Only counts are logged, never
 * ids.
 */
export class PeriodicSweep {
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private readonly passes = new CoalescedRun(() => this.onePass());

  constructor(
    private readonly what: string,
    private readonly everyMs: number,
    private readonly pass: () => Promise<number>,
  ) {
    this.logger = new Logger(`ErasureSweep(${what})`);
  }

  start(): void {
    this.timer = setInterval(() => void this.run(), this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Runs a pass now, or right after the running one; resolves when that pass ended. */
  run(): Promise<void> {
    return this.passes.run();
  }

  private async onePass(): Promise<void> {
    const t0 = Date.now();
    try {
      const erased = await this.pass();
      const line = `${this.what}: erased what was kept of ${erased} deleted users in ${Date.now() - t0} ms`;
      if (erased > 0) this.logger.log(line);
      else this.logger.debug(line);
    } catch (err) {
      this.logger.warn(`${this.what}: sweep failed, next try in ${this.everyMs} ms: ${(err as Error).message}`);
    }
  }
}

/** Of `ids`, those `exists` does not return, asking in chunks (PostgreSQL binds one array per query). */
export async function missingIds(
  ids: Iterable<number>,
  exists: (chunk: number[]) => Promise<ReadonlySet<number>>,
  chunk = 10_000,
): Promise<number[]> {
  const all = [...new Set(ids)];
  const missing: number[] = [];
  for (let i = 0; i < all.length; i += chunk) {
    const part = all.slice(i, i + chunk);
    const found = await exists(part);
    for (const id of part) if (!found.has(id)) missing.push(id);
  }
  return missing;
}
