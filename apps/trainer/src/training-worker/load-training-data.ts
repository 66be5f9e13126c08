/**
 * Reads what training needs from PostgreSQL with plain `pg` (it runs in the training worker, with
 * no Nest), in array row mode: 2.5M interaction rows as objects cost several times the memory
 * and time of arrays.
 */
import { Client } from 'pg';
import type { TimedImpression, TrainingData } from '@app/ml/training';
import type { Gender, SwipeType } from '@app/contracts';
import type { Profile, Swipe } from '@app/ml/types';

export async function loadTrainingData(databaseUrl: string, maxInteractionId: number): Promise<TrainingData> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    // One snapshot for the three reads, so users, swipes and impressions agree.
    await db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const users = await db.query<unknown[]>({
      text: `SELECT id, age, gender, pref_genders, pref_age_min, pref_age_max, latitude, longitude, pref_max_distance_km, interests,
                    (extract(epoch FROM created_at) * 1000)::float8, is_active
             FROM users ORDER BY id`,
      rowMode: 'array',
    });
    const profiles = new Map<number, Profile>();
    for (const r of users.rows) {
      const [id, age, gender, sought, ageMin, ageMax, latitude, longitude, maxKm, interests, createdAt, isActive] = r as [number, number, Gender, Gender[], number, number, number | null, number | null, number | null, string[], number, boolean];
      profiles.set(id, { id, age, gender, gendersSought: sought, ageMin, ageMax, latitude, longitude, maxDistanceKm: maxKm, interests, createdAt, isActive });
    }
    // Ordered by time (then id): the temporal split and the as-of replay rely on it.
    const rows = await db.query<unknown[]>({
      text: `SELECT actor_id, target_id, type, (extract(epoch FROM created_at) * 1000)::float8 FROM interactions WHERE id <= $1 ORDER BY created_at, id`,
      values: [maxInteractionId],
      rowMode: 'array',
    });
    const swipes: Swipe[] = rows.rows.map((r) => ({ actor: r[0] as number, target: r[1] as number, type: r[2] as SwipeType, ts: r[3] as number }));
    const imps = await db.query<unknown[]>({
      text: `SELECT viewer_id, candidate_id, (extract(epoch FROM created_at) * 1000)::float8 FROM impressions ORDER BY created_at, page_id, position`,
      rowMode: 'array',
    });
    const impressions: TimedImpression[] = imps.rows.map((r) => ({ viewer: r[0] as number, shown: r[1] as number, ts: r[2] as number }));
    await db.query('COMMIT');
    return { userIds: [...profiles.keys()], profiles, swipes, impressions };
  } finally {
    await db.end();
  }
}
