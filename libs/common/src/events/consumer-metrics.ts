import { Counter, Gauge } from 'prom-client';
import type { LatencyMetrics } from '../metrics/latency-metrics';

/** What a consumer tells about the events it handles (EventConsumer); all no-ops until instrumented. */
export interface ConsumerCounters {
  /** An event its subject's schema refused (never handed over). */
  refused(subject: string): void;
  /** An event whose handler threw: a durable consumer has it delivered again. */
  failed(consumer: string, subject: string): void;
  /** An event delivered for at least the second time (a handler failed or did not acknowledge in time). */
  redelivered(consumer: string): void;
  /** An event given up on after its bounded redeliveries, recorded as a dead letter. */
  deadLettered(consumer: string): void;
}

export const UNCOUNTED: ConsumerCounters = {
  refused: () => undefined,
  failed: () => undefined,
  redelivered: () => undefined,
  deadLettered: () => undefined,
};

/** How far a durable consumer is behind: events not delivered yet, and delivered but not acknowledged. */
export type ConsumerLag = (durable: string) => Promise<{ undelivered: number; unacknowledged: number }>;

/**
 * The event metrics of one process, in its registry: failures, redeliveries and refusals per
 * consumer, and, read at each scrape, each durable consumer's lag (a read that fails leaves that
 * consumer out of the scrape rather than failing it).
 */
export function consumerMetrics(
  metrics: LatencyMetrics,
  durables: () => readonly string[],
  lag: ConsumerLag,
): ConsumerCounters {
  const failed = new Counter({
    name: 'events_failed_total',
    help: 'Events whose handler threw, by consumer and subject (a durable consumer has them delivered again)',
    labelNames: ['consumer', 'subject'],
    registers: [metrics.registry],
  });
  const redelivered = new Counter({
    name: 'events_redelivered_total',
    help: 'Events delivered for at least the second time, by consumer',
    labelNames: ['consumer'],
    registers: [metrics.registry],
  });
  const deadLettered = new Counter({
    name: 'events_dead_lettered_total',
    help: 'Events a durable consumer gave up on after its bounded redeliveries (now dead letters), by consumer',
    labelNames: ['consumer'],
    registers: [metrics.registry],
  });
  new Gauge({
    name: 'event_consumer_pending',
    help: 'Events of a durable consumer not yet delivered (state=undelivered) or not yet acknowledged (state=unacknowledged)',
    labelNames: ['consumer', 'state'],
    registers: [metrics.registry],
    async collect() {
      this.reset();
      await Promise.all(
        durables().map(async (consumer) => {
          const l = await lag(consumer).catch(() => null);
          if (!l) return;
          this.set({ consumer, state: 'undelivered' }, l.undelivered);
          this.set({ consumer, state: 'unacknowledged' }, l.unacknowledged);
        }),
      );
    },
  });
  return {
    refused: (subject) => metrics.refusedEvent(subject),
    failed: (consumer, subject) => failed.inc({ consumer, subject }),
    redelivered: (consumer) => redelivered.inc({ consumer }),
    deadLettered: (consumer) => deadLettered.inc({ consumer }),
  };
}
