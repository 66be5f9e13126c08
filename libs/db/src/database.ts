import { Client } from 'pg';
import { createDataSource } from './data-source';

/** Creates the database named in `url` if it does not exist (connecting to `postgres` to do it). */
export async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, ''));
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`unsupported database name "${name}" in DATABASE_URL`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name}"`).catch((err: { code?: string }) => {
        // Two processes may race to create it: the loser sees duplicate_database (42P04), or,
        // when both passed the catalogue check at once, the catalogue's unique index (23505).
        if (err.code !== '42P04' && err.code !== '23505') throw err;
      });
    }
  } finally {
    await client.end();
  }
}

/**
 * The advisory lock key every migration run takes (any 64-bit number no other code uses): the
 * first characters of "recsys m" as bytes.
 */
export const MIGRATION_LOCK_KEY = '8243104040581537901';

/**
 * Creates the database if needed and applies pending migrations; returns their names. Safe to
 * run from every pod of a rollout at once (the init container of each gateway pod does): it
 * holds a session-level advisory lock on its own connection, so runs take turns, and a run that
 * gets the lock after another finds nothing left to apply.
 */
export async function migrate(url: string): Promise<string[]> {
  await ensureDatabase(url);
  // Two connections: one holds the lock, the other runs the migrations' transactions.
  const ds = createDataSource(url, 2);
  await ds.initialize();
  const lock = ds.createQueryRunner();
  try {
    await lock.connect();
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await lock.release();
    await ds.destroy();
  }
}
