import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { generateMarket } from '../../libs/ml/src/market/generate';
import { api as call, tokenFor } from '../support/api';
import { dropDatabase, freshDatabase, type NatsHandle, startNats, stopNats, waitFor } from '../support/infra';
import { type Stack, startStack, stopStack } from '../support/stack';

const ROOT = join(__dirname, '..', '..');
const base = '/api/v1/recommendations';

/**
 * The model lifecycle on its own stack and database: generate a market, import it, train, get
 * recommendations that respect every hard filter, swipe, see the cache invalidated, import newer
 * activity, retrain, and see the registry judge the new version (and the services swap to it
 * when it is activated).
 */
describe('the recommendation lifecycle on a generated market', () => {
  const databaseName = `recsys_test_lifecycle_${process.pid}`;
  let nats: NatsHandle;
  let stack: Stack;
  let db: Client;
  let laterInteractions = '';
  let databaseUrl = '';
  const api = (method: string, path: string, options: Parameters<typeof call>[2] = {}) => call(method, path, { ...options, base: stack.baseUrl });

  beforeAll(async () => {
    nats = await startNats();
    databaseUrl = await freshDatabase(databaseName);
    const dir = mkdtempSync(join(tmpdir(), 'recsys-lifecycle-'));
    const market = await generateMarket({ users: 400, seed: 5, outDir: dir });
    // The market's last fifth (in time) arrives later, as new activity to retrain on.
    const [header, ...lines] = readFileSync(market.files.interactions, 'utf8').trim().split('\n');
    const cut = Math.floor(lines.length * 0.8);
    const earlier = join(dir, 'earlier.csv');
    laterInteractions = join(dir, 'later.csv');
    writeFileSync(earlier, [header, ...lines.slice(0, cut)].join('\n'));
    writeFileSync(laterInteractions, [header, ...lines.slice(cut)].join('\n'));
    expect(importFiles(['--users', market.files.users, '--interactions', earlier])).toBe(0);
    stack = await startStack(databaseUrl, nats.url, { RETRAIN_CRON: '' });
    db = new Client({ connectionString: databaseUrl });
    await db.connect();
  }, 120_000);
  afterAll(async () => {
    await db?.end();
    if (stack) await stopStack(stack);
    if (nats) await stopNats(nats);
    await dropDatabase(databaseName);
  });

  /** Runs the compiled import tool against this test's database; returns its exit code. */
  function importFiles(args: string[]): number | null {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-dist.js'), 'dist/tools/import/main.js', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: 'utf8' });
    return r.status;
  }

  /** Enqueues a full retrain and waits for its job to finish. */
  async function retrain(reason: string): Promise<{ state: string; result: unknown }> {
    const refresh = await api('POST', `${base}/refresh`, { body: { reason } });
    expect(refresh.status).toBe(202);
    let job: { state: string; result: unknown } = { state: 'waiting', result: null };
    await waitFor(async () => {
      job = (await api('GET', `${base}/jobs/${refresh.body.job_id}`)).body;
      if (job.state !== 'completed' && job.state !== 'failed') throw new Error(`job ${job.state}`);
    }, 150_000, 'the retrain job');
    return job;
  }

  it('trains and activates both models from the imported market', async () => {
    const job = await retrain('lifecycle: first training');
    expect(job.state).toBe('completed');
    const versions = await api('GET', `${base}/algorithm/versions`, { token: tokenFor(1) });
    expect(versions.body.active).toEqual({ embeddings: expect.any(Number), ranker: expect.any(Number) });
    const health = await api('GET', '/api/v1/health/models', { token: null });
    const kinds = health.body.models.map((m: { kind: string }) => m.kind).sort();
    expect(kinds).toEqual(['embeddings', 'ranker']);
    for (const m of health.body.models) {
      expect(m.data.interactions).toBeGreaterThan(100);
      expect(m.metrics.auc).toBeGreaterThan(0.5);
    }
  }, 200_000);

  it('recommends with the trained models, within every hard filter, and drops a swiped person at once', async () => {
    const { rows: viewers } = await db.query(`SELECT id FROM users WHERE is_active ORDER BY id LIMIT 40`);
    let viewer = 0;
    let items: { user_id: number }[] = [];
    let reply: { model_versions: Record<string, number | null> } | null = null;
    for (const { id } of viewers) {
      const res = await api('GET', `${base}/users/${id}/recommendations?limit=10`, { token: tokenFor(id) });
      expect(res.status).toBe(200);
      if (res.body.items.length >= 3) {
        [viewer, items, reply] = [id, res.body.items, res.body];
        break;
      }
    }
    expect(items.length).toBeGreaterThanOrEqual(3);
    expect(reply!.model_versions.ranker).toEqual(expect.any(Number));

    // Every recommended person passes every hard rule, checked here against the database.
    const { rows: broken } = await db.query(
      `SELECT c.id FROM users v JOIN users c ON c.id = ANY($2::int[]) WHERE v.id = $1 AND (
         c.id = v.id OR NOT c.is_active
         OR EXISTS (SELECT 1 FROM interactions i WHERE i.actor_id = v.id AND i.target_id = c.id)
         OR EXISTS (SELECT 1 FROM interactions i WHERE i.actor_id = c.id AND i.target_id = v.id AND i.type = 'block')
         OR NOT (c.gender = ANY(v.pref_genders)) OR NOT (v.gender = ANY(c.pref_genders))
         OR c.age NOT BETWEEN v.pref_age_min AND v.pref_age_max OR v.age NOT BETWEEN c.pref_age_min AND c.pref_age_max
         OR (v.latitude IS NOT NULL AND c.latitude IS NOT NULL AND (
           6371 * 2 * asin(sqrt(power(sin(radians(c.latitude - v.latitude) / 2), 2) + cos(radians(v.latitude)) * cos(radians(c.latitude)) * power(sin(radians(c.longitude - v.longitude) / 2), 2)))
           > LEAST(COALESCE(v.pref_max_distance_km, 1e9), COALESCE(c.pref_max_distance_km, 1e9)))))`,
      [viewer, items.map((i) => i.user_id)],
    );
    expect(broken).toEqual([]);

    const first = items[0].user_id;
    const swipe = await api('POST', '/api/v1/interactions/', { token: tokenFor(viewer), body: { target_user_id: first, interaction_type: 'like' } });
    expect(swipe.status).toBe(201);
    await waitFor(async () => {
      const res = await api('GET', `${base}/users/${viewer}/recommendations?limit=10`, { token: tokenFor(viewer) });
      if (res.body.items.some((i: { user_id: number }) => i.user_id === first)) throw new Error('swiped person still served');
      expect(res.body.cached).toBe(false);
    }, 5000, 'the cache invalidated by the swipe');
  });

  it('retrains on newly imported activity and lets the registry judge the new version on data neither saw', async () => {
    expect(importFiles(['--interactions', laterInteractions])).toBe(0);
    const before = (await api('GET', `${base}/algorithm/versions`, { token: tokenFor(1) })).body.active;
    const job = await retrain('lifecycle: new interactions');
    expect(job.state).toBe('completed');
    const after = (await api('GET', `${base}/algorithm/versions`, { token: tokenFor(1) })).body;
    const newest = after.versions.filter((v: { kind: string; version: number }) => v.kind === 'embeddings' && v.version > before.embeddings);
    expect(newest).toHaveLength(1);
    // Judged on the new fifth, which neither version saw; activated only if at least as good.
    expect(newest[0].decision).toMatch(/held-out slice/);
    if (newest[0].status === 'rejected') {
      expect(after.active.embeddings).toBe(before.embeddings);
      return;
    }
    expect(newest[0].status).toBe('active');
    expect(after.active.embeddings).toBe(newest[0].version);
    // The services swap to it without a restart.
    await waitFor(async () => {
      const res = await api('GET', `${base}/users/1/recommendations?limit=5`, { token: tokenFor(1) });
      if (res.body.model_versions.embeddings !== newest[0].version) throw new Error(`still on ${res.body.model_versions.embeddings}`);
    }, 60_000, 'recommendations served with the new embeddings');
  }, 200_000);
});
