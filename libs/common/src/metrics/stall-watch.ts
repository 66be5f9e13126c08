/**
 * Notices when this process's event loop stood still, and says whether garbage collection
 * was the cause: a timer that should fire every `tickMs` fires late by the stall, and V8's
 * collections (perf_hooks 'gc' entries) that ran meanwhile are named with it. A slow handler
 * (LatencyMetrics) says which request waited; this says why every request of the process
 * waited at once. Pure Node, no Nest.
 */
import { constants, type PerformanceEntry, PerformanceObserver } from 'node:perf_hooks';

export interface StallWatchOptions {
  /** A lateness from this many ms on is logged (0: never watch). */
  thresholdMs: number;
  warn: (message: string) => void;
  /** At most this many lines a second (default 5). */
  maxPerSecond?: number;
}

interface Pause {
  /** performance.now() at its start. */
  start: number;
  ms: number;
  kind: string;
}

const KINDS: Record<number, string> = {
  [constants.NODE_PERFORMANCE_GC_MAJOR]: 'full',
  [constants.NODE_PERFORMANCE_GC_MINOR]: 'young',
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
  [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks',
};

/** "full 41 ms, young 3 ms": the collections' pauses by kind, largest first. */
export function describePauses(pauses: readonly Pause[]): string {
  const byKind = new Map<string, number>();
  for (const p of pauses) byKind.set(p.kind, (byKind.get(p.kind) ?? 0) + p.ms);
  if (byKind.size === 0) return 'no garbage collection during it';
  return `garbage collection during it: ${[...byKind]
    .sort((a, b) => b[1] - a[1])
    .map(([kind, ms]) => `${kind} ${Math.round(ms)} ms`)
    .join(', ')}`;
}

export class StallWatch {
  private timer: NodeJS.Timeout | null = null;
  private observer: PerformanceObserver | null = null;
  private pauses: Pause[] = [];
  private readonly tickMs: number;
  private second = -1;
  private inSecond = 0;

  constructor(private readonly options: StallWatchOptions) {
    this.tickMs = Math.max(10, Math.floor(options.thresholdMs / 4));
  }

  start(): void {
    if (this.options.thresholdMs <= 0 || this.timer) return;
    this.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { detail?: { kind?: number } })[]) {
        this.pauses.push({ start: e.startTime, ms: e.duration, kind: KINDS[e.detail?.kind ?? -1] ?? 'other' });
      }
    });
    this.observer.observe({ entryTypes: ['gc'] });
    this.schedule(performance.now());
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.observer?.disconnect();
    this.observer = null;
  }

  private schedule(from: number): void {
    this.timer = setTimeout(() => this.check(from), this.tickMs);
    this.timer.unref();
  }

  private check(from: number): void {
    const now = performance.now();
    const late = now - from - this.tickMs;
    if (late >= this.options.thresholdMs) this.report(late, from + this.tickMs);
    // Collections older than this tick's window can no longer be part of a stall.
    this.pauses = this.pauses.filter((p) => p.start + p.ms >= from);
    this.schedule(now);
  }

  private report(lateMs: number, dueAt: number): void {
    const second = Math.floor(Date.now() / 1000);
    if (second !== this.second) {
      this.second = second;
      this.inSecond = 0;
    }
    if (++this.inSecond > (this.options.maxPerSecond ?? 5)) return;
    const during = this.pauses.filter((p) => p.start + p.ms >= dueAt - this.tickMs);
    const startedAt = new Date(Date.now() - (performance.now() - dueAt)).toISOString();
    this.options.warn(`event loop stalled ${Math.round(lateMs)} ms from ${startedAt}; ${describePauses(during)}`);
  }
}
