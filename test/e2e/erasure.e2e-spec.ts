import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { Client } from 'pg';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { generateMarket } from '@app/offline/market/generate';
import { deserializeEmbeddings } from '@app/ml/embeddings/serialize';
import { EVENT_STREAM, Subjects } from '../../libs/contracts/src';
import { api as call, retrain as retrainOn, tokenFor } from '../support/api';
import {
  dropDatabase,
  freshDatabase,
  type NatsHandle,
  REDIS_URL,
  startNats,
  stopNats,
  waitFor,
} from '../support/infra';
import { NestNatsClient } from '../support/nest-nats-client';
import { type Stack, startStack, stopStack } from '../support/stack';

const ROOT = join(__dirname, '..', '..');
const recs = '/api/v1/recommendations';
const SWEEP_MS = 3000;

/**
 * "Deletion leaves nothing" (ARCHITECTURE.md, "Erasure"), on its own stack and database: a
 * person with swipes both ways, a match, an idempotency key, impressions both ways, cached
 * pages, aggregates and two trained model versions is deleted, and then every place is checked:
 * every table (any column naming a user, found through information_schema, and every row's text
 * for the profile), every stored model artifact, every Redis key of the deployment (names,
 * members, cached pages, job data), every message of the JetStream stream, the services' logs,
 * and what the services hold in memory, by their answers. A late swipe event for the deleted
 * id must not bring counters back, and the erasure sweep must erase what escaped the events.
 */
describe('deleting a person leaves nothing of them', () => {
  const databaseName = `recsys_test_erasure_${process.pid}`;
  const marker = `zqx${process.pid}`;
  /** Every profile field that could identify the person, each unique to this run. */
  const profile = {
    name: `Erasure Subject ${marker}`,
    bio: `bio-${marker} likes long walks`,
    interests: ['hiking', `interest-${marker}`],
    external_id: `ext-${marker}`,
  };
  const markers = [profile.name, `bio-${marker}`, `interest-${marker}`, profile.external_id];
  let nats: NatsHandle;
  let stack: Stack;
  let db: Client;
  let redis: Redis;
  let nc: NatsConnection;
  let jsm: JetStreamManager;
  let rpc: NestNatsClient;
  let namespace = '';
  let person = 0;
  /** People the person liked (the first likes them back: a match). */
  let liked: number[] = [];
  /** People who liked the person. */
  let likers: number[] = [];
  const api = (method: string, path: string, options: Parameters<typeof call>[2] = {}) =>
    call(method, path, { ...options, base: stack.baseUrl });
  const retrain = (reason: string) => retrainOn(reason, stack.baseUrl);

  beforeAll(async () => {
    nats = await startNats();
    const databaseUrl = await freshDatabase(databaseName);
    namespace = `recsys:${databaseName}:`;
    // A stream as an earlier version left it: no description, and a profile in a user event.
    nc = await connect({ servers: nats.url });
    jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: EVENT_STREAM, subjects: [Subjects.events.all] });
    await jetstream(nc).publish(
      Subjects.events.userCreated,
      JSON.stringify({ user: { id: 999_999, name: `Legacy Profile ${marker}` } }),
    );

    const dir = mkdtempSync(join(tmpdir(), 'recsys-erasure-'));
    const market = await generateMarket({ users: 300, seed: 11, outDir: dir });
    const imported = spawnSync(
      process.execPath,
      [
        join(ROOT, 'scripts', 'run-dist.js'),
        'dist/tools/import/main.js',
        '--users',
        market.files.users,
        '--interactions',
        market.files.interactions,
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' },
    );
    expect(imported.status).toBe(0);
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
    // The import announces itself to trigger a retrain: this test trains when it chooses.
    await db.query(`DELETE FROM outbox_events WHERE subject = $1`, [Subjects.events.bulkImported]);
    stack = await startStack(databaseUrl, nats.url, {
      RETRAIN_CRON: '',
      // The machine is shared: a slow batch must not turn into a 503.
      RPC_TIMEOUT_MS: '15000',
      ERASURE_SWEEP_MS: String(SWEEP_MS),
      // Pages stay cached for the whole test: the deletion, not their expiry, must remove them.
      RECOMMENDATION_CACHE_TTL_SECONDS: '3600',
      // Pools larger than this are searched through the hnsw index.
      CANDIDATE_POOL_MAX: '20',
      EMBEDDING_DIMENSION: '8',
      TRAINING_EPOCHS: '2',
      TRAINING_REFIT_EPOCHS: '1',
      TRAINING_MIN_HELD_OUT: '10',
    });
    redis = new Redis(REDIS_URL);
    rpc = await NestNatsClient.connect(nats.url);
  }, 180_000);

  afterAll(async () => {
    await rpc?.close();
    await nc?.close();
    redis?.disconnect();
    await db?.end();
    if (stack) await stopStack(stack);
    if (nats) await stopNats(nats);
    await dropDatabase(databaseName);
  });

  /** The user ids of every stored embeddings artifact, by version. */
  async function artifactIds(): Promise<Map<number, number[]>> {
    const { rows } = await db.query<{ version: number; artifact: Buffer }>(
      `SELECT version, artifact FROM model_versions WHERE kind = 'embeddings' AND artifact IS NOT NULL`,
    );
    return new Map(rows.map((r) => [r.version, Array.from(deserializeEmbeddings(r.artifact).userIds ?? [])]));
  }

  /** Swipes as `actor` (their own token); `key` adds an Idempotency-Key. */
  async function swipe(actor: number, target: number, type: string, key?: string): Promise<void> {
    const res = await api('POST', '/api/v1/interactions/', {
      token: tokenFor(actor),
      body: { target_user_id: target, interaction_type: type },
      headers: key ? { 'idempotency-key': key } : {},
    });
    expect(res.status).toBe(201);
  }

  async function recommendationsOf(viewer: number, limit = 100): Promise<number[]> {
    const res = await api('GET', `${recs}/users/${viewer}/recommendations?limit=${limit}`, { token: tokenFor(viewer) });
    expect(res.status).toBe(200);
    return res.body.items.map((i: { user_id: number }) => i.user_id);
  }

  /** Every Redis key of this deployment (its namespace holds the services' keys, the queue's and the trainer's). */
  async function redisKeys(): Promise<string[]> {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `${namespace}*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    return keys;
  }

  /** A key's content as text, whatever its type. */
  async function redisText(key: string): Promise<string> {
    const type = await redis.type(key);
    if (type === 'string') return (await redis.get(key)) ?? '';
    if (type === 'hash') return JSON.stringify(await redis.hgetall(key));
    if (type === 'list') return JSON.stringify(await redis.lrange(key, 0, -1));
    if (type === 'set') return JSON.stringify(await redis.smembers(key));
    if (type === 'zset') return JSON.stringify(await redis.zrange(key, 0, -1));
    if (type === 'stream') return JSON.stringify(await redis.xrange(key, '-', '+'));
    return '';
  }

  /** The data of every message the event stream holds. */
  async function streamMessages(): Promise<{ subject: string; text: string }[]> {
    const info = await jsm.streams.info(EVENT_STREAM);
    const out: { subject: string; text: string }[] = [];
    for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
      const msg = await jsm.streams.getMessage(EVENT_STREAM, { seq }).catch(() => null);
      if (msg) out.push({ subject: msg.subject, text: new TextDecoder().decode(msg.data) });
    }
    return out;
  }

  /** Columns that name a user in any table: every one of them is checked, so a new table cannot be forgotten. */
  async function userColumns(): Promise<{ table: string; column: string; type: string }[]> {
    const { rows } = await db.query<{ table: string; column: string; type: string }>(
      `SELECT c.table_name AS table, c.column_name AS column, c.data_type AS type
         FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
        WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
          AND (c.column_name ~ '(^|_)(user|actor|target|viewer|candidate)(_id|_ids|_user_id)$'
               OR (c.table_name = 'users' AND c.column_name = 'id'))
        ORDER BY 1, 2`,
    );
    return rows;
  }

  /** Where the person still is: one line per place, empty when nothing is left. */
  async function leftovers(): Promise<string[]> {
    const found: string[] = [];
    for (const { table, column, type } of await userColumns()) {
      const where = type === 'ARRAY' ? `$1 = ANY("${column}")` : `"${column}" = $1`;
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`, [person]);
      if (rows[0].n > 0) found.push(`${rows[0].n} rows of ${table}.${column}`);
    }
    const { rows: tables } = await db.query<{ t: string }>(
      `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    for (const { t } of tables) {
      for (const m of markers) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${t}" x WHERE row_to_json(x)::text LIKE $1`, [
          `%${m}%`,
        ]);
        if (rows[0].n > 0) found.push(`profile data (${m}) in ${rows[0].n} rows of ${t}`);
      }
    }
    const { rows: outbox } = await db.query(`SELECT payload::text AS p FROM outbox_events`);
    for (const { p } of outbox)
      if (new RegExp(`"(user_id|target_user_id|id)": ${person}\\b`).test(p)) found.push(`outbox event ${p}`);
    for (const [version, ids] of await artifactIds())
      if (ids.includes(person)) found.push(`embeddings artifact of version ${version}`);

    for (const key of await redisKeys()) {
      if (key.slice(namespace.length).split(':').includes(String(person))) found.push(`Redis key ${key}`);
      const text = await redisText(key);
      for (const m of markers) if (text.includes(m)) found.push(`profile data (${m}) in Redis key ${key}`);
      if (key.includes(':rec:page:') && JSON.parse(text).items?.some((i: { user_id: number }) => i.user_id === person))
        found.push(`a cached page showing them: ${key}`);
      if (key.endsWith(':fs:rt-active') && (await redis.zscore(key, String(person))) !== null)
        found.push(`member of ${key}`);
    }
    for (const { subject, text } of await streamMessages())
      for (const m of markers) if (text.includes(m)) found.push(`profile data (${m}) in a ${subject} message`);
    return found;
  }

  it('starts on a stream without the profiles an earlier version published', async () => {
    const texts = (await streamMessages()).map((m) => m.text);
    expect(texts.some((t) => t.includes(`Legacy Profile ${marker}`))).toBe(false);
    expect((await jsm.streams.info(EVENT_STREAM)).config.description).toMatch(/ids only/);
  });

  it('sets up a person present everywhere: swipes, a match, impressions both ways, cache, aggregates, models', async () => {
    const { rows: template } = await db.query(
      `SELECT gender, age, location, latitude, longitude FROM users WHERE location IS NOT NULL ORDER BY id LIMIT 1`,
    );
    const t = template[0];
    const created = await api('POST', '/api/v1/users/', {
      body: {
        ...profile,
        age: t.age,
        gender: t.gender,
        location: t.location,
        latitude: t.latitude,
        longitude: t.longitude,
        preferences: { genders: ['male', 'female', 'non_binary'], age_min: 18, age_max: 99 },
      },
    });
    expect(created.status).toBe(201);
    person = created.body.id;
    // People whose own preferences accept the person, nearest first: they can be shown the person.
    const { rows: fits } = await db.query<{ id: number }>(
      `SELECT id FROM users WHERE id <> $1 AND is_active AND $2 = ANY(pref_genders) AND $3 BETWEEN pref_age_min AND pref_age_max
        ORDER BY abs(latitude - $4) + abs(longitude - $5), id LIMIT 12`,
      [person, t.gender, t.age, t.latitude, t.longitude],
    );
    expect(fits.length).toBe(12);
    liked = fits.slice(0, 5).map((r) => r.id);
    likers = fits.slice(5, 10).map((r) => r.id);
    const disliked = fits.slice(10).map((r) => r.id);
    await swipe(person, liked[0], 'like', `key-${marker}`);
    for (const id of liked.slice(1)) await swipe(person, id, 'super_like');
    for (const id of disliked) await swipe(person, id, 'dislike');
    for (const id of likers) await swipe(id, person, 'like');
    await swipe(liked[0], person, 'like'); // a match
    expect((await api('GET', `/api/v1/matches/${person}`, { token: tokenFor(person) })).body.items).toHaveLength(1);

    // Served pages: theirs (then cached), and others' that show them.
    await recommendationsOf(person);
    expect(
      (await api('GET', `${recs}/users/${person}/recommendations?limit=100`, { token: tokenFor(person) })).body,
    ).toMatchObject({ cached: true });
    const showing = [];
    for (const viewer of [...liked, ...likers])
      if ((await recommendationsOf(viewer)).includes(person)) showing.push(viewer);
    expect(showing.length).toBeGreaterThan(0);

    // Two trained versions: the first, and one more after new activity (the first is then kept, active or retired).
    expect((await retrain('erasure: first')).state).toBe('completed');
    const { rows: pairs } = await db.query<{ a: number; b: number }>(
      `SELECT a.id AS a, b.id AS b FROM users a CROSS JOIN users b
        WHERE a.id <> b.id AND a.id <> $1 AND b.id <> $1
          AND NOT EXISTS (SELECT 1 FROM interactions i WHERE i.actor_id = a.id AND i.target_id = b.id)
        ORDER BY md5(a.id::text || ':' || b.id::text) LIMIT 80`,
      [person],
    );
    const batch = await api('POST', '/api/v1/interactions/batch', {
      body: {
        interactions: pairs.map((p, i) => ({
          user_id: p.a,
          target_user_id: p.b,
          interaction_type: i % 3 === 0 ? 'dislike' : 'like',
        })),
      },
    });
    expect(batch.status).toBe(201);
    await swipe(likers[0], liked[1], 'like');
    expect((await retrain('erasure: second')).state).toBe('completed');

    // Everywhere before the deletion, or the checks after it would prove nothing.
    const where = [
      [`SELECT count(*)::int AS n FROM interactions WHERE actor_id = $1 OR target_id = $1`, 13],
      [`SELECT count(*)::int AS n FROM idempotency_keys WHERE actor_id = $1`, 1],
      [`SELECT count(*)::int AS n FROM impression_pages WHERE viewer_id = $1`, 2],
      [`SELECT count(*)::int AS n FROM impression_pages WHERE $1 = ANY(candidate_ids)`, showing.length],
      [`SELECT count(*)::int AS n FROM user_aggregates WHERE user_id = $1`, 1],
    ] as const;
    await waitFor(
      async () => {
        for (const [sql, n] of where) expect((await db.query(sql, [person])).rows[0].n).toBeGreaterThanOrEqual(n);
      },
      5000,
      'the person in every table',
    );
    const artifacts = await artifactIds();
    expect(artifacts.size).toBeGreaterThanOrEqual(1);
    for (const ids of artifacts.values()) expect(ids).toContain(person);
    const keys = (await redisKeys()).map((k) => k.slice(namespace.length));
    expect(keys).toEqual(expect.arrayContaining([`fs:rt:${person}:likes_given`, `rec:gen:${person}`]));
    expect(keys.some((k) => k.startsWith(`rec:page:${person}:`))).toBe(true);
    const mentions = (await streamMessages()).filter((m) => m.text.includes(`"user_id":${person}`));
    expect(mentions.length).toBeGreaterThan(0);
  }, 400_000);

  it('erases every table row, artifact, Redis key and stream profile of theirs once deleted, within seconds', async () => {
    const del = await api('DELETE', `/api/v1/users/${person}`);
    expect(del.status).toBe(200);
    // The event path does it all; the guarantee's bound is ERASURE_SWEEP_MS past that (here seconds).
    await waitFor(
      async () => {
        const left = await leftovers();
        if (left.length) throw new Error(left.join('; '));
      },
      30_000,
      'the erasure',
    );
    expect(await leftovers()).toEqual([]);
    // The tables checked include every kind that held them (a new table naming users would be found too).
    const checked = (await userColumns()).map((c) => `${c.table}.${c.column}`);
    expect(checked).toEqual(
      expect.arrayContaining([
        'users.id',
        'interactions.actor_id',
        'interactions.target_id',
        'idempotency_keys.actor_id',
        'impression_pages.viewer_id',
        'impression_pages.candidate_ids',
        'user_aggregates.user_id',
      ]),
    );
  }, 60_000);

  it('is gone from what every service holds in memory: profiles, histories, features, the index', async () => {
    expect((await api('GET', `/api/v1/users/${person}`)).status).toBe(404);
    expect((await api('GET', `${recs}/users/${person}/recommendations`)).status).toBe(404);
    for (const viewer of [...liked, ...likers]) {
      expect(await recommendationsOf(viewer)).not.toContain(person);
      const similar = await api('GET', `${recs}/users/${viewer}/similar?limit=100`, { token: tokenFor(viewer) });
      expect(similar.status).toBe(200);
      expect(similar.body.items.map((i: { user_id: number }) => i.user_id)).not.toContain(person);
    }
    const ranked = await api('POST', `${recs}/users/${liked[1]}/rank`, {
      token: tokenFor(liked[1]),
      body: { candidate_ids: [person] },
    });
    expect(ranked.body.rejected.map((r: { user_id: number }) => r.user_id)).toEqual([person]);
    // The feature store's mirror no longer holds them either.
    const batch = await rpc.send(Subjects.features.batch, { viewer_id: liked[1], candidate_ids: [person] });
    expect(batch.missing).toEqual([person]);
  });

  it('does not let a late swipe event of theirs bring their counters back', async () => {
    const js = jetstream(nc);
    const ack = await js.publish(
      Subjects.events.interactionCreated,
      JSON.stringify({
        interaction: {
          id: 900_000_001,
          user_id: person,
          target_user_id: liked[1],
          interaction_type: 'like',
          context: null,
          created_at: new Date().toISOString(),
        },
        is_match: false,
      }),
      { msgID: randomUUID() },
    );
    await waitFor(
      async () => {
        const info = await jsm.consumers.info(EVENT_STREAM, 'feature-service-counters');
        if (info.ack_floor.stream_seq < ack.seq) throw new Error('late event not applied yet');
      },
      10_000,
      'the counters consumer past the late event',
    );
    const keys = (await redisKeys()).filter((k) => k.startsWith(`${namespace}fs:rt:${person}:`));
    expect(keys).toEqual([]);
    expect(await redis.zscore(`${namespace}fs:rt-active`, String(person))).toBeNull();
  });

  it('sweeps, within ERASURE_SWEEP_MS, what escaped the events: counters and cache keys of a deleted id', async () => {
    await redis.zadd(`${namespace}fs:rt:${person}:likes_given`, Date.now(), '900000002');
    await redis.zadd(`${namespace}fs:rt-active`, Date.now(), String(person));
    await redis.set(`${namespace}rec:gen:${person}`, '7');
    await waitFor(
      async () => {
        const left = await leftovers();
        if (left.length) throw new Error(left.join('; '));
      },
      3 * SWEEP_MS + 5000,
      'the sweep',
    );
  }, 30_000);

  it('logged ids only, never their profile', () => {
    const dir = stack.logDir;
    const lines = readdirSync(dir)
      .filter((f) => f.endsWith('.log'))
      .flatMap((f) => readFileSync(join(dir, f), 'utf8').split('\n'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.filter((l) => markers.some((m) => l.includes(m)))).toEqual([]);
  });
});
