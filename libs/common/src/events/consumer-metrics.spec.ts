import { LatencyMetrics } from '../metrics/latency-metrics';
import { consumerMetrics } from './consumer-metrics';

describe('consumerMetrics', () => {
  it('counts failures, redeliveries and refusals, and reads each durable consumer lag at scrape time', async () => {
    const metrics = new LatencyMetrics('svc');
    let lags: Record<string, { undelivered: number; unacknowledged: number } | Error> = {
      counters: { undelivered: 12, unacknowledged: 3 },
      deletions: new Error('JetStream unreachable'),
    };
    const counters = consumerMetrics(
      metrics,
      () => Object.keys(lags),
      async (d) => {
        const l = lags[d];
        if (l instanceof Error) throw l;
        return l;
      },
    );
    counters.failed('counters', 'events.interaction.created');
    counters.failed('counters', 'events.interaction.created');
    counters.redelivered('counters');
    counters.refused('events.user.deleted');
    const text = await metrics.prometheus();
    expect(text).toContain(
      'events_failed_total{consumer="counters",subject="events.interaction.created",service="svc"} 2',
    );
    expect(text).toContain('events_redelivered_total{consumer="counters",service="svc"} 1');
    expect(text).toContain('events_refused_total{subject="events.user.deleted",service="svc"} 1');
    expect(text).toContain('event_consumer_pending{consumer="counters",state="undelivered",service="svc"} 12');
    expect(text).toContain('event_consumer_pending{consumer="counters",state="unacknowledged",service="svc"} 3');
    // A consumer whose lag cannot be read is left out of that scrape; the scrape itself succeeds.
    expect(text).not.toContain('consumer="deletions"');
    lags = { counters: { undelivered: 0, unacknowledged: 0 } };
    expect(await metrics.prometheus()).toContain(
      'event_consumer_pending{consumer="counters",state="undelivered",service="svc"} 0',
    );
  });
});
