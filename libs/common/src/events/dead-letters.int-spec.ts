import { jetstreamManager } from '@nats-io/jetstream';
import { DEAD_LETTER_STREAM, DurableConsumers, EVENT_STREAM, Subjects } from '../../../contracts/src';
import { freePort, waitFor } from '../../../../test/support/infra';
import {
  type FeatureStoreFixture,
  type ServiceFixture,
  startFeatureStoreFixture,
} from '../../../../test/support/service-fixture';
import { DeadLetterQueue } from './dead-letters';

/**
 * Bounded redelivery, dead letters and their replay, and consumers that come back, with the real
 * feature-service (its Redis counters consumer) on a private redis-server that the test stops.
 */
describe('dead letters (integration)', () => {
  let store: FeatureStoreFixture;
  let fx: ServiceFixture;
  let metricsUrl = '';
  let dlq: DeadLetterQueue;
  const counters = DurableConsumers.featureCounters;

  beforeAll(async () => {
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}`;
    store = await startFeatureStoreFixture('deadletters', {
      METRICS_PORT: String(port),
      // Three deliveries a tenth of a second apart: the default waits about 80 s.
      EVENT_MAX_DELIVERIES: '3',
      EVENT_REDELIVERY_BACKOFF_MS: '100,200',
    });
    fx = store.fx;
    dlq = new DeadLetterQueue(async () => fx.rpc.connection);
  }, 120_000);
  afterAll(() => store?.stop());

  let n = 0;
  const newUser = (gender: 'male' | 'female') =>
    fx.rpc.send(Subjects.users.create, { name: `D${n++}`, age: 30, gender, interests: ['hiking'] } as never);
  const like = (a: number, b: number) =>
    fx.rpc.send(Subjects.interactions.create, {
      user_id: a,
      target_user_id: b,
      interaction_type: 'like',
      context: null,
    });
  const likesReceived = async (viewer: number, candidate: number) =>
    (await fx.rpc.send(Subjects.features.batch, { viewer_id: viewer, candidate_ids: [candidate] })).items[0]
      .likes_received;
  const metric = async (series: string): Promise<number | undefined> => {
    const line = (await (await fetch(`${metricsUrl}/metrics`)).text())
      .split('\n')
      .find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  it('gives up on an event after its bounded deliveries, keeps it as a dead letter, and replays it to its consumer only', async () => {
    const [a, b] = [await newUser('male'), await newUser('female')];
    await store.stopRedis();
    await like(a.id, b.id);
    await waitFor(
      async () => {
        if (!(await dlq.list({ consumer: counters, limit: 10 })).length) throw new Error('no dead letter yet');
      },
      30_000,
      'the dead letter',
    );
    const dead = await dlq.list({ consumer: counters, limit: 10 });
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ consumer: counters, subject: Subjects.events.interactionCreated, deliveries: 3 });
    expect(dead[0].error.length).toBeGreaterThan(0);
    const detail = await dlq.get(dead[0].seq);
    expect(detail.payload).toMatchObject({ interaction: { user_id: a.id, target_user_id: b.id } });
    // Given up on: acknowledged as far as the event stream goes, not redelivered forever.
    const jsm = await jetstreamManager(fx.rpc.connection);
    const info = await jsm.consumers.info(EVENT_STREAM, counters);
    expect(info.num_ack_pending).toBe(0);
    expect(await metric(`events_dead_lettered_total{consumer="${counters}",service="feature-service"}`)).toBe(1);
    expect(
      await metric(
        `events_failed_total{consumer="${counters}",subject="${Subjects.events.interactionCreated}",service="feature-service"}`,
      ),
    ).toBe(3);
    expect(await dlq.counts()).toEqual({ [counters]: 1 });

    // The cause fixed, the replay goes to the consumer that gave up on it, and counts once.
    await store.restartRedis();
    await waitFor(async () => expect(await likesReceived(a.id, b.id)).toBe(0), 15_000, 'redis back');
    const replayed = await dlq.replay(dead[0].seq);
    expect(replayed.seq).toBe(dead[0].seq);
    await waitFor(async () => expect(await likesReceived(a.id, b.id)).toBe(1), 15_000, 'the replayed like counted');
    expect(await dlq.list({ consumer: counters, limit: 10 })).toEqual([]);
    await expect(dlq.get(dead[0].seq)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Counted once: a second look, after the replay consumer acknowledged it, is still 1.
    const replays = await jsm.consumers.info(DEAD_LETTER_STREAM, `${counters}-replay`);
    await waitFor(
      async () => expect((await jsm.consumers.info(DEAD_LETTER_STREAM, `${counters}-replay`)).num_ack_pending).toBe(0),
      5000,
      'replay acknowledged',
    );
    expect(replays.name).toBe(`${counters}-replay`);
    expect(await likesReceived(a.id, b.id)).toBe(1);
  });

  it('recreates a durable consumer deleted on the server, and counts what came meanwhile', async () => {
    const jsm = await jetstreamManager(fx.rpc.connection);
    await jsm.consumers.delete(EVENT_STREAM, counters);
    const [a, b] = [await newUser('male'), await newUser('female')];
    await like(a.id, b.id);
    await waitFor(
      async () => expect((await jsm.consumers.info(EVENT_STREAM, counters)).name).toBe(counters),
      20_000,
      'the consumer back',
    );
    await waitFor(async () => expect(await likesReceived(a.id, b.id)).toBe(1), 20_000, 'the like counted');
  });
});
