import { useFreshDatabase } from '../../../../test/support/infra';
import { createDataSource } from '../data-source';
import { ALL_MIGRATIONS } from '.';

/** The migrations on a real PostgreSQL: all applied in order, and the last one reversible. */
describe('migrations (integration)', () => {
  const url = useFreshDatabase('migrations');

  const usersIndexes = async (ds: ReturnType<typeof createDataSource>): Promise<string[]> =>
    (await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'users' ORDER BY indexname`)).map((r: { indexname: string }) => r.indexname);

  const impressionKeys = async (ds: ReturnType<typeof createDataSource>): Promise<string[]> =>
    (await ds.query(`SELECT conname FROM pg_constraint WHERE conrelid = 'impressions'::regclass AND contype = 'f' ORDER BY conname`)).map((r: { conname: string }) => r.conname);

  it('applies every migration, leaves no unused geo index on users nor keys on impressions, and undoes and redoes the last one', async () => {
    const ds = createDataSource(url(), 1);
    await ds.initialize();
    try {
      const applied = (await ds.query(`SELECT name FROM schema_migrations ORDER BY id`)).map((r: { name: string }) => r.name);
      expect(applied).toEqual(ALL_MIGRATIONS.map((m) => new m().name));
      expect(await usersIndexes(ds)).not.toContain('users_active_gender_geo_idx');
      expect(await impressionKeys(ds)).toEqual([]);
      await ds.undoLastMigration();
      expect(await impressionKeys(ds)).toEqual(['impressions_candidate_id_fkey', 'impressions_viewer_id_fkey']);
      await ds.runMigrations();
      expect(await impressionKeys(ds)).toEqual([]);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
    }
  });
});
