import { Subjects } from '../../../../libs/contracts/src';
import { freePort, waitFor } from '../../../../test/support/infra';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';
import { startService } from '../../../../test/support/service-process';

/**
 * A NATS service's own HTTP listener (METRICS_PORT), scraped as Prometheus would: the business
 * counters of interaction-service, its outbox gauges, and feature-service's consumer lag, on real
 * PostgreSQL, Redis and JetStream.
 */
describe('service metrics on METRICS_PORT (integration)', () => {
  let fx: ServiceFixture;
  let interactionsUrl = '';
  let featuresUrl = '';

  beforeAll(async () => {
    fx = await startServiceFixture('svcmetrics', ['user-service']);
    const [a, b] = [await freePort(), await freePort()];
    fx.processes.set(
      'interaction-service',
      await startService('interaction-service', fx.databaseUrl, fx.nats.url, fx.rpc, { METRICS_PORT: String(a) }),
    );
    fx.processes.set(
      'feature-service',
      await startService('feature-service', fx.databaseUrl, fx.nats.url, fx.rpc, { METRICS_PORT: String(b) }),
    );
    interactionsUrl = `http://127.0.0.1:${a}`;
    featuresUrl = `http://127.0.0.1:${b}`;
  }, 120_000);
  afterAll(() => fx?.stop());

  const scrape = async (base: string): Promise<string> => {
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The value of one series, or undefined when the scrape does not have it. */
  const value = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  let n = 0;
  const newUser = (gender: 'male' | 'female') =>
    fx.rpc.send(Subjects.users.create, { name: `M${n++}`, age: 30, gender, interests: ['hiking'] } as never);

  it('counts swipes and matches once each, after they committed; a replay counts nothing', async () => {
    const [a, b] = [await newUser('male'), await newUser('female')];
    const like = (from: number, to: number, key: string) =>
      fx.rpc.send(Subjects.interactions.create, {
        user_id: from,
        target_user_id: to,
        interaction_type: 'like',
        context: null,
        idempotency_key: key,
      });
    await like(a.id, b.id, 'k-1');
    await like(a.id, b.id, 'k-1'); // the same request again: replayed, not written
    expect((await like(b.id, a.id, 'k-2')).is_match).toBe(true);
    const text = await scrape(interactionsUrl);
    expect(value(text, 'interactions_written_total{type="like",path="api",service="interaction-service"}')).toBe(2);
    expect(value(text, 'matches_formed_total{path="api",service="interaction-service"}')).toBe(1);
    expect(text).toContain(
      'handler_duration_seconds_bucket{le="0.005",service="interaction-service",handler="interactions.create"',
    );
    expect(text).toContain('process_resident_memory_bytes');
    // The relay empties the outbox: the gauges are read from PostgreSQL at each scrape.
    await waitFor(
      async () =>
        expect(value(await scrape(interactionsUrl), 'outbox_backlog_events{service="interaction-service"}')).toBe(0),
      10_000,
      'outbox relayed',
    );
  });

  it('exports the lag of each durable consumer, which falls to 0 once it caught up', async () => {
    const [a, b] = [await newUser('male'), await newUser('female')];
    await fx.rpc.send(Subjects.interactions.create, {
      user_id: a.id,
      target_user_id: b.id,
      interaction_type: 'dislike',
      context: null,
    });
    const series = (state: string) =>
      `event_consumer_pending{consumer="feature-service-counters",state="${state}",service="feature-service"}`;
    await waitFor(
      async () => {
        const text = await scrape(featuresUrl);
        expect(value(text, series('undelivered'))).toBe(0);
        expect(value(text, series('unacknowledged'))).toBe(0);
      },
      10_000,
      'consumer caught up',
    );
  });

  it('serves liveness and readiness from its dependencies', async () => {
    expect((await fetch(`${interactionsUrl}/health/live`)).status).toBe(200);
    const ready = await fetch(`${interactionsUrl}/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok', dependencies: { postgres: 'up', jetstream: 'up' } });
  });
});
