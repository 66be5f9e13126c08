import { Client } from 'pg';
import { dropDatabase, PG_ROOT_URL } from '../../../../test/support/infra';
import { migrate } from '../database';
import { ALL_MIGRATIONS } from '.';

/**
 * Every gateway pod of a rollout runs the migrations in its init container, all at once: the
 * runs take turns on an advisory lock, one applies everything, the others find nothing to do.
 */
describe('migrate from several pods at once (integration)', () => {
  const name = `recsys_test_concurrent_migrate_${process.pid}`;
  const url = (() => {
    const u = new URL(PG_ROOT_URL);
    u.pathname = `/${name}`;
    return u.toString();
  })();
  afterAll(() => dropDatabase(name));

  it('applies each migration exactly once, whichever run gets there first', async () => {
    const runs = await Promise.all(Array.from({ length: 4 }, () => migrate(url)));
    const all = ALL_MIGRATIONS.map((m) => new m().name);
    // One run applied them all, in order; the others, after it, had nothing left.
    expect(runs.filter((r) => r.length > 0)).toEqual([all]);
    expect(runs.filter((r) => r.length === 0)).toHaveLength(3);
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      const { rows } = await db.query('SELECT name FROM schema_migrations ORDER BY id');
      expect(rows.map((r: { name: string }) => r.name)).toEqual(all);
      // The lock is released with its run: nobody holds it now.
      const held = await db.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory'`);
      expect(held.rows[0].n).toBe(0);
    } finally {
      await db.end();
    }
    // And again on an up-to-date database: nothing to do.
    expect(await migrate(url)).toEqual([]);
  });
});
