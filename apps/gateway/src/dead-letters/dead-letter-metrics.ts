import { Injectable } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { EventStream, LatencyMetrics } from '@app/common';

/**
 * `dead_letters{consumer}`: the dead letters waiting, read from the dead-letter stream at each
 * scrape of the gateway (one place, whatever the services' replicas). A read that fails leaves
 * the gauge out of that scrape.
 */
@Injectable()
export class DeadLetterMetrics {
  constructor(metrics: LatencyMetrics, events: EventStream) {
    new Gauge({
      name: 'dead_letters',
      help: 'Dead letters waiting for an admin, by the durable consumer that gave up on them',
      labelNames: ['consumer'],
      registers: [metrics.registry],
      async collect() {
        const counts = await events.deadLetters.counts().catch(() => null);
        this.reset();
        for (const [consumer, n] of Object.entries(counts ?? {})) this.set({ consumer }, n);
      },
    });
  }
}
