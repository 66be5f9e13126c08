import { jetstream } from '@nats-io/jetstream';
import {
  ErrorCode,
  Subjects,
  type CreateUserInput,
  type GenerateCandidatesReply,
} from '../../../../libs/contracts/src';
import {
  buildEmbeddingTrainingSet,
  fillColdRows,
  serializeEmbeddings,
  trainEmbeddings,
} from '../../../../libs/ml/src/embeddings';
import type { SwipeType } from '@app/contracts';
import type { Swipe } from '../../../../libs/ml/src/types';
import { waitFor } from '../../../../test/support/infra';
import { startService } from '../../../../test/support/service-process';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';
import { stopApp } from '../../../../test/support/stack';

/**
 * The collaborative source: an embeddings version trained here from the fixture's swipes is
 * inserted as active and announced, the service builds its index and swaps to it without
 * failing a request, loads it again after a restart, and forgets deleted users.
 *
 * Planted market: women like men M0..M5 and dislike M6..M11; Vera likes M0 and M1, so her taste
 * is learned close to theirs and M2..M5 should lead her collaborative list. Two men every woman
 * likes break a hard filter for Vera (one blocked her, one is too old): however high their
 * score, they must never appear.
 */
describe('candidate-service: embeddings, index swap and deletions (integration)', () => {
  let fx: ServiceFixture;
  const men: number[] = [];
  const women: number[] = [];
  let vera = 0;
  let blocker = 0;
  let tooOld = 0;
  const savedPoll = process.env.CANDIDATE_MODEL_POLL_MS;

  const person = (name: string, gender: 'male' | 'female', extra: Partial<CreateUserInput> = {}): CreateUserInput => ({
    name,
    age: 30,
    gender,
    latitude: 41.88,
    longitude: -87.63,
    preferences: { genders: [gender === 'male' ? 'female' : 'male'], age_min: 25, age_max: 35, max_distance_km: 50 },
    ...extra,
  });
  const generate = (userId: number) =>
    fx.rpc.send(Subjects.candidates.generate, { user_id: userId, k: 50 }) as Promise<GenerateCandidatesReply>;

  /** Trains on every swipe in the database and stores the result as the active version. */
  async function activate(version: number, seed: number): Promise<void> {
    const { rows } = await fx.db.query<{ actor_id: number; target_id: number; type: SwipeType; ts: number }>(
      'SELECT actor_id, target_id, type, extract(epoch FROM created_at)::float8 AS ts FROM interactions',
    );
    const swipes: Swipe[] = rows.map((r) => ({ actor: r.actor_id, target: r.target_id, type: r.type, ts: r.ts }));
    const userIds = (await fx.db.query<{ id: number }>('SELECT id FROM users ORDER BY id')).rows.map((r) => r.id);
    const set = buildEmbeddingTrainingSet(swipes, [], { userIds });
    const model = await trainEmbeddings(set.data, { dim: 8, epochs: 150, negatives: 2, seed, batchSize: 64 });
    fillColdRows(model, set.given, set.received);
    model.userIds = Float64Array.from(set.userIds);
    await fx.db.query(`UPDATE model_versions SET status = 'retired' WHERE kind = 'embeddings' AND status = 'active'`);
    await fx.db.query(
      `INSERT INTO model_versions (kind, version, status, artifact, activated_at) VALUES ('embeddings', $1, 'active', $2, now())`,
      [version, serializeEmbeddings(model)],
    );
    // What the trainer's outbox publishes after an activation.
    await jetstream(fx.rpc.connection).publish(
      Subjects.events.modelActivated,
      JSON.stringify({ kind: 'embeddings', version }),
    );
  }

  const untilVersion = (version: number) =>
    waitFor(
      async () => {
        const r = await generate(vera);
        if (r.model_version !== version) throw new Error(`model_version ${r.model_version}`);
      },
      20_000,
      `embeddings version ${version} live`,
    );

  /** Vera's collaborative list: learned taste order, and nobody a hard filter excludes. */
  async function expectLearnedRanking(): Promise<void> {
    const r = await generate(vera);
    const collab = r.candidates.filter((c) => c.sources.includes('collaborative'));
    expect(collab.length).toBeGreaterThanOrEqual(8);
    const got = r.candidates.map((c) => c.user_id);
    for (const banned of [vera, men[0], men[1], blocker, tooOld, ...women]) expect(got).not.toContain(banned);
    const score = (id: number) => collab.find((c) => c.user_id === id)?.scores.collaborative ?? -Infinity;
    const liked = men.slice(2, 6).map(score);
    const disliked = men.slice(6).map(score);
    expect(Math.min(...liked)).toBeGreaterThan(Math.max(...disliked));
  }

  beforeAll(async () => {
    // Swaps must come from the activation event, not from the periodic registry poll.
    process.env.CANDIDATE_MODEL_POLL_MS = '600000';
    fx = await startServiceFixture('candmodels', ['user-service', 'interaction-service', 'candidate-service']);
    const create = async (input: CreateUserInput) => (await fx.rpc.send(Subjects.users.create, input)).id;
    vera = await create(person('Vera', 'female'));
    for (let i = 0; i < 12; i++) men.push(await create(person(`M${i}`, 'male')));
    for (let i = 0; i < 6; i++) women.push(await create(person(`W${i}`, 'female')));
    blocker = await create(person('Blocker', 'male'));
    tooOld = await create(
      person('Too old', 'male', { age: 45, preferences: { genders: ['female'], age_min: 25, age_max: 50 } }),
    );
    const swipe = (actor: number, target: number, type: SwipeType) =>
      fx.rpc.send(Subjects.interactions.create, { user_id: actor, target_user_id: target, interaction_type: type });
    for (const w of women) {
      for (const [i, m] of men.entries()) await swipe(w, m, i < 6 ? 'like' : 'dislike');
      await swipe(w, blocker, 'like');
      await swipe(w, tooOld, 'like');
    }
    await swipe(vera, men[0], 'like');
    await swipe(vera, men[1], 'like');
    await swipe(blocker, vera, 'block');
  }, 60_000);
  afterAll(async () => {
    if (savedPoll === undefined) delete process.env.CANDIDATE_MODEL_POLL_MS;
    else process.env.CANDIDATE_MODEL_POLL_MS = savedPoll;
    delete process.env.CANDIDATE_POOL_MAX;
    await fx?.stop();
  });

  it('runs without the collaborative source until a version is active', async () => {
    const r = await generate(vera);
    expect(r.model_version).toBeNull();
    expect(r.candidates.some((c) => c.sources.includes('collaborative'))).toBe(false);
    expect(r.candidates.length).toBeGreaterThan(0);
  });

  it('loads an activated version and ranks by the learned taste, never past a hard filter', async () => {
    await activate(1, 1);
    await untilVersion(1);
    await expectLearnedRanking();
  });

  it('swaps to a new version without failing a request, and reloads it after a restart', async () => {
    let failures = 0;
    let served = 0;
    let stop = false;
    const load = (async () => {
      while (!stop) {
        await generate(vera).then(
          () => served++,
          () => failures++,
        );
      }
    })();
    try {
      await activate(2, 2);
      await untilVersion(2);
    } finally {
      stop = true;
      await load;
    }
    expect(failures).toBe(0);
    expect(served).toBeGreaterThan(0);

    // Restarted with no eligible pool in memory, the collaborative arm must use the ANN index
    // and check its hits in SQL (the path of large markets) instead of exact pool scoring.
    process.env.CANDIDATE_POOL_MAX = '0';
    await stopApp(fx.processes.get('candidate-service')!);
    fx.processes.set('candidate-service', await startService('candidate-service', fx.databaseUrl, fx.nats.url, fx.rpc));
    await untilVersion(2);
    await expectLearnedRanking();
  });

  it('finds similar users by embeddings, NOT_FOUND for unknown users', async () => {
    const r = await fx.rpc.send(Subjects.candidates.similar, { user_id: women[0], limit: 5 });
    expect(r.model_version).toBe(2);
    expect(r.items).toHaveLength(5);
    // The other women like exactly the same men: they are the most similar.
    expect(r.items.map((s) => s.user_id).sort()).toEqual(women.slice(1).sort());
    expect(r.items[0].score).toBeGreaterThan(0.5);
    await expect(fx.rpc.send(Subjects.candidates.similar, { user_id: 999_999 })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
  });

  it('shows a user only people recommendations could show them: the hard rules both ways, no block, no one swiped', async () => {
    const asUser = { role: 'user' as const };
    // The women are most similar to each other, but a woman seeking men is not shown women, and
    // she swiped every man.
    const w = await fx.rpc.send(Subjects.candidates.similar, { user_id: women[0], limit: 20 }, asUser);
    expect(w.items).toEqual([]);
    // Vera liked men 0 and 1 and was blocked by Blocker; Too old is outside her age range.
    const v = (await fx.rpc.send(Subjects.candidates.similar, { user_id: vera, limit: 20 }, asUser)).items;
    const ids = v.map((s) => s.user_id);
    expect(ids.length).toBeGreaterThan(0);
    for (const hidden of [men[0], men[1], blocker, tooOld, ...women]) expect(ids).not.toContain(hidden);
    // An admin sees every active user.
    const all = await fx.rpc.send(Subjects.candidates.similar, { user_id: vera, limit: 20 });
    expect(all.items.map((s) => s.user_id)).toEqual(expect.arrayContaining([men[0], blocker]));
  });

  it('forgets a deleted user', async () => {
    const gone = men[2];
    expect(
      (await fx.rpc.send(Subjects.candidates.similar, { user_id: men[3], limit: 20 })).items.map((s) => s.user_id),
    ).toContain(gone);
    await fx.rpc.send(Subjects.users.delete, { id: gone });
    await waitFor(
      async () => {
        const similar = await fx.rpc.send(Subjects.candidates.similar, { user_id: men[3], limit: 20 });
        if (similar.items.some((s) => s.user_id === gone)) throw new Error('still similar');
      },
      10_000,
      'deletion applied',
    );
    expect((await generate(vera)).candidates.map((c) => c.user_id)).not.toContain(gone);
    await expect(fx.rpc.send(Subjects.candidates.similar, { user_id: gone })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
  });
});
