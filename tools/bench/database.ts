/**
 * The bench's own PostgreSQL database: reused when it already holds the market (importing 100k
 * users takes minutes), otherwise created, migrated and imported with the project's own tools,
 * timed the way a user would see them.
 */
import { Client } from 'pg';
import { Subjects } from '@app/contracts';
import { onCleanup, runTool } from './children';
import type { Market } from './market';
import { distArgs, ROOT } from './paths';

const PG_ROOT = process.env.BENCH_DATABASE_ROOT_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface BenchDatabase {
  name: string;
  url: string;
  reused: boolean;
  users: number;
  interactions: number;
  migrateSeconds: number;
  /** The import of this run (null when the database was reused). */
  import: { wallSeconds: number; toolSeconds: number | null; summary: string } | null;
}

export function databaseUrl(name: string): string {
  const url = new URL(PG_ROOT);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs `fn` with a client connected to `url`, and disconnects it. */
export async function withClient<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Users and interactions in the database, or null when it does not exist or has no schema. */
async function contents(name: string): Promise<{ users: number; interactions: number } | null> {
  const exists = await withClient(PG_ROOT, (c) => c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]));
  if (!exists.rowCount) return null;
  return withClient(databaseUrl(name), async (c) => {
    const { rows } = await c.query(
      `SELECT to_regclass('public.users') IS NOT NULL AND to_regclass('public.interactions') IS NOT NULL AS ok`,
    );
    if (!rows[0].ok) return { users: 0, interactions: 0 };
    const counts = await c.query(
      `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM interactions)::int AS interactions`,
    );
    return counts.rows[0];
  });
}

/**
 * Makes database `name` hold `market`: reuses it when it already has the same number of users
 * (unless `fresh`), else drops it and imports. Only a database whose name says "bench" is ever
 * dropped, so a mistyped --db cannot destroy a development database.
 */
export async function ensureBenchDatabase(name: string, market: Market, fresh: boolean): Promise<BenchDatabase> {
  const url = databaseUrl(name);
  const found = await contents(name);
  const holds = found !== null && found.users === market.users && found.interactions > 0;
  if (found && (fresh || !holds)) {
    if (!name.includes('bench'))
      throw new Error(
        `database ${name} holds ${found.users} users, not the market's ${market.users}; the bench only replaces databases named *bench*: choose another --db`,
      );
    console.log(
      `database: dropping ${name} (${fresh ? '--fresh' : `${found.users} users, the market has ${market.users}`})`,
    );
    await withClient(PG_ROOT, (c) => c.query(`DROP DATABASE "${name}" WITH (FORCE)`));
  }
  const env = { ...process.env, DATABASE_URL: url };
  // Always: pending migrations of a reused database are applied, as `npm start` would.
  let t0 = Date.now();
  console.log(
    (
      await runTool('migrate', process.execPath, distArgs('dist/libs/db/src/cli/migrate.js'), { cwd: ROOT, env })
    ).trim(),
  );
  const migrateSeconds = (Date.now() - t0) / 1000;
  if (holds && !fresh) {
    console.log(
      `database: reusing ${name} (${found.users.toLocaleString('en-US')} users, ${found.interactions.toLocaleString('en-US')} interactions); --fresh re-imports`,
    );
    return { name, url, reused: true, ...found, migrateSeconds, import: null };
  }
  console.log(`database: importing ${market.dir} into ${name}...`);
  t0 = Date.now();
  const out = await runTool(
    'import',
    process.execPath,
    distArgs('dist/tools/import/main.js', ['--users', market.usersFile, '--interactions', market.interactionsFile]),
    { cwd: ROOT, env },
  );
  const wallSeconds = (Date.now() - t0) / 1000;
  const summary = out.trim().split('\n').pop() ?? '';
  const tool = /imported in ([\d.]+) s/.exec(summary);
  // Fresh statistics, as autovacuum would gather within minutes of the import: without them the
  // first minutes' query plans would depend on when the bench happened to start.
  await withClient(url, (c) => c.query('ANALYZE'));
  const after = (await contents(name))!;
  return {
    name,
    url,
    reused: false,
    ...after,
    migrateSeconds,
    import: { wallSeconds, toolSeconds: tool ? Number(tool[1]) : null, summary },
  };
}

/**
 * Puts the database in the state the measurement needs, undoing what earlier bench runs wrote:
 * - impressions (every served page writes some) are removed, so each run serves the imported market;
 * - a pending `events.bulk.imported` from the import is dropped: the bench starts and times the
 *   retrain itself with POST /refresh, and the import's event would first start another, untimed
 *   one, after which the timed job would be skipped as "no new interactions";
 * - when training, the model registry is emptied: the trainer skips a model with no interactions
 *   newer than its last version, so on a reused database the retrain would otherwise do nothing.
 */
export async function prepareForRun(url: string, train: boolean): Promise<void> {
  await withClient(url, async (c) => {
    await c.query('TRUNCATE impression_pages');
    await c.query(`DELETE FROM outbox_events WHERE subject = $1`, [Subjects.events.bulkImported]);
    if (train) await c.query('DELETE FROM model_versions');
  });
}

/**
 * Makes this run the only bench on database `name` until clean-up: two runs on one database
 * would drop, clear or retrain under each other. A session-level advisory lock on the maintenance
 * database (not the bench one, which may be dropped) is released when its connection closes,
 * also when the bench dies.
 */
export async function lockBenchDatabase(name: string): Promise<void> {
  const client = new Client({ connectionString: PG_ROOT });
  await client.connect();
  const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
    `recsys-bench:${name}`,
  ]);
  if (!rows[0].ok) {
    await client.end();
    throw new Error(`another npm run bench is using database ${name}: wait for it, or pass another --db`);
  }
  onCleanup(`lock on ${name}`, () => client.end());
}

/** Active model versions in the registry, by kind. */
export async function activeModels(url: string): Promise<Record<string, number>> {
  return withClient(url, async (c) => {
    const { rows } = await c.query<{ kind: string; version: number }>(
      `SELECT kind, version FROM model_versions WHERE status = 'active'`,
    );
    return Object.fromEntries(rows.map((r) => [r.kind, r.version]));
  });
}
