import type { DataSource, EntityManager } from 'typeorm';
import { createDataSource } from '../../libs/db/src/data-source';
import { useFreshDatabase } from './infra';

/**
 * A fresh migrated database and a DataSource on it for the spec file that calls this at its top
 * level (a repository's integration spec): the returned function gives the DataSource once
 * beforeAll has run.
 */
export function useRepositoryDatabase(label: string, poolSize = 2): () => DataSource {
  let ds: DataSource | undefined;
  // Declared before the database's own clean-up, so the pool closes before the database is dropped.
  afterAll(() => ds?.destroy());
  const url = useFreshDatabase(label);
  beforeAll(async () => {
    ds = createDataSource(url(), poolSize);
    await ds.initialize();
  });
  return () => ds!;
}

/** Inserts a user (a man of 30 seeking women of 18-99 unless `over` says otherwise); returns the id. */
export async function insertUser(db: DataSource | EntityManager, over: Record<string, unknown> = {}): Promise<number> {
  const defaults = { name: 'U', age: 30, gender: 'male', pref_genders: ['female'], pref_age_min: 18, pref_age_max: 99 };
  const row: Record<string, unknown> = { ...defaults, ...over };
  const columns = Object.keys(row);
  const [{ id }] = await db.query(
    `INSERT INTO users (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}) RETURNING id`,
    columns.map((c) => row[c]),
  );
  return id;
}

/** Inserts an interaction at `at` (ISO; now when omitted); returns its id. */
export async function insertInteraction(
  db: DataSource | EntityManager,
  actor: number,
  target: number,
  type: string,
  at?: string,
): Promise<number> {
  const [{ id }] = await db.query(
    `INSERT INTO interactions (actor_id, target_id, type, created_at)
     VALUES ($1, $2, $3, coalesce($4::timestamptz, now())) RETURNING id`,
    [actor, target, type, at ?? null],
  );
  return Number(id);
}
