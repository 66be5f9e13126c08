import { useFreshDatabase } from '../../../../test/support/infra';
import { createDataSource } from '../data-source';
import { ALL_MIGRATIONS } from '.';

/** The migrations on a real PostgreSQL: all applied in order, and the last two reversible, with their data. */
describe('migrations (integration)', () => {
  const url = useFreshDatabase('migrations');
  type DS = ReturnType<typeof createDataSource>;

  const usersIndexes = async (ds: DS): Promise<string[]> =>
    (await ds.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'users' ORDER BY indexname`)).map(
      (r: { indexname: string }) => r.indexname,
    );

  const impressionKeys = async (ds: DS): Promise<string[]> =>
    (
      await ds.query(
        `SELECT conname FROM pg_constraint WHERE conrelid = 'impressions'::regclass AND contype = 'f' ORDER BY conname`,
      )
    ).map((r: { conname: string }) => r.conname);

  const relkind = async (ds: DS, name: string): Promise<string | null> =>
    (await ds.query(`SELECT relkind FROM pg_class WHERE relname = $1`, [name]))[0]?.relkind ?? null;

  /** Impressions as readers see them, whether a table (before pages) or the view over pages. */
  const shown = async (ds: DS) =>
    ds.query(
      `SELECT viewer_id, candidate_id, position, score, p_like, p_liked_back, sources, model_versions, request_id, created_at FROM impressions ORDER BY request_id, position`,
    );

  it('applies every migration, leaves no unused geo index on users, and undoes and redoes the webhooks, the impression pages and the keys they replaced, data included', async () => {
    const ds = createDataSource(url(), 1);
    await ds.initialize();
    try {
      const applied = (await ds.query(`SELECT name FROM schema_migrations ORDER BY id`)).map(
        (r: { name: string }) => r.name,
      );
      expect(applied).toEqual(ALL_MIGRATIONS.map((m) => new m().name));
      expect(await usersIndexes(ds)).not.toContain('users_active_gender_geo_idx');
      expect(await relkind(ds, 'impressions')).toBe('v');
      // No pending list on the GIN index: its merges were bursts of CPU inside an insert.
      expect(
        (await ds.query(`SELECT reloptions FROM pg_class WHERE relname = 'impression_pages_candidates_idx'`))[0]
          .reloptions,
      ).toEqual(['fastupdate=off']);

      const [{ id: a }] = await ds.query(
        `INSERT INTO users (name, age, gender, pref_genders, pref_age_min, pref_age_max) VALUES ('A', 30, 'female', '{male}', 18, 99) RETURNING id`,
      );
      const [{ id: b }] = await ds.query(
        `INSERT INTO users (name, age, gender, pref_genders, pref_age_min, pref_age_max) VALUES ('B', 31, 'male', '{male}', 18, 99) RETURNING id`,
      );
      const [{ id: c }] = await ds.query(
        `INSERT INTO users (name, age, gender, pref_genders, pref_age_min, pref_age_max) VALUES ('C', 32, 'male', '{male}', 18, 99) RETURNING id`,
      );
      await ds.query(
        `INSERT INTO impression_pages (viewer_id, candidate_ids, positions, scores, p_like, p_liked_back, sources, model_versions, request_id, created_at) VALUES
           ($1, ARRAY[$2, $3]::int[], '{1,2}', '{0.5,0.25}', '{0.7,0.5}', '{0.6,0.5}', '{"collaborative,content",reciprocal}', '{"ranker":3}', 'r1', '2026-01-01T00:00:00Z'),
           ($2, ARRAY[$1]::int[], '{3}', '{0.125}', '{0.25}', '{0.5}', '{exploration}', '{"ranker":null}', 'r2', '2026-01-02T00:00:00Z')`,
        [a, b, c],
      );
      const asPages = await shown(ds);
      expect(
        asPages.map((r: { candidate_id: number; position: number; sources: string[] }) => [
          r.candidate_id,
          r.position,
          r.sources,
        ]),
      ).toEqual([
        [b, 1, ['collaborative', 'content']],
        [c, 2, ['reciprocal']],
        [a, 3, ['exploration']],
      ]);

      // The match signals and the webhooks (the last migrations) undo alone.
      expect(await relkind(ds, 'match_signals')).toBe('r');
      await ds.undoLastMigration();
      expect(await relkind(ds, 'match_signals')).toBeNull();
      expect(await relkind(ds, 'webhook_deliveries')).toBe('r');
      await ds.undoLastMigration();
      expect([await relkind(ds, 'webhooks'), await relkind(ds, 'webhook_deliveries')]).toEqual([null, null]);
      await ds.undoLastMigration();
      expect(await relkind(ds, 'impressions')).toBe('r');
      expect(await relkind(ds, 'impression_pages')).toBeNull();
      expect(await shown(ds)).toEqual(asPages);
      await ds.undoLastMigration();
      expect(await impressionKeys(ds)).toEqual(['impressions_candidate_id_fkey', 'impressions_viewer_id_fkey']);

      await ds.runMigrations();
      expect(await impressionKeys(ds)).toEqual([]);
      expect(await relkind(ds, 'impressions')).toBe('v');
      expect([await relkind(ds, 'webhooks'), await relkind(ds, 'match_signals')]).toEqual(['r', 'r']);
      expect(await shown(ds)).toEqual(asPages);
      expect((await ds.query(`SELECT count(*)::int AS n FROM impression_pages`))[0].n).toBe(2);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
    }
  });
});
