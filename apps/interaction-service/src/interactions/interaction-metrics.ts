import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { LatencyMetrics } from '@app/common';
import type { InteractionType } from '@app/contracts';

/**
 * The business counters of the interaction service, counted after their transaction committed:
 * swipes and blocks written by type (`import` for the bulk path), and mutual matches formed.
 * A replayed request (idempotent, nothing written) counts nothing.
 */
@Injectable()
export class InteractionMetrics {
  private readonly written: Counter<'type' | 'path'>;
  private readonly matches: Counter<'path'>;

  constructor(metrics: LatencyMetrics) {
    this.written = new Counter({
      name: 'interactions_written_total',
      help: 'Swipes and blocks stored, by type and path (api: one at a time, import: in bulk)',
      labelNames: ['type', 'path'],
      registers: [metrics.registry],
    });
    this.matches = new Counter({
      name: 'matches_formed_total',
      help: 'Mutual matches formed by a stored like, by path',
      labelNames: ['path'],
      registers: [metrics.registry],
    });
  }

  stored(path: 'api' | 'import', items: readonly { interaction_type: InteractionType }[], matches: number): void {
    for (const i of items) this.written.inc({ type: i.interaction_type, path });
    if (matches > 0) this.matches.inc({ path }, matches);
  }
}
