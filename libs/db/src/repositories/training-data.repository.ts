/**
 * What training reads: every profile, the swipes up to a cut-off id and every impression, from
 * one snapshot. It runs in the trainer's pipeline worker thread, with plain `pg` and no Nest or
 * TypeORM. Positions are snapped to the location grid as everywhere else (libs/ml geo.ts), so
 * training sees the distances serving computes.
 *
 * Raw SQL in array row mode, on purpose: 2.5M interaction rows as objects (let alone entities)
 * cost several times the memory and time of arrays.
 */
import type { ClientBase } from 'pg';
import type { Gender, SwipeType } from '@app/contracts';
import { gridPosition } from '@app/ml/features/geo';
import type { TimedImpression, TrainingData } from '@app/ml/training';
import type { Profile, Swipe } from '@app/ml/types';

/** A users row in array mode, in the order of readProfiles' select list. */
type ProfileTuple = [
  id: number,
  age: number,
  gender: Gender,
  sought: Gender[],
  ageMin: number,
  ageMax: number,
  latitude: number | null,
  longitude: number | null,
  maxKm: number | null,
  interests: string[],
  createdAt: number,
  isActive: boolean,
];

/** The training data of one database snapshot, read over a connection the caller owns. */
export class TrainingDataRepository {
  constructor(private readonly db: ClientBase) {}

  /** Profiles, the swipes with id <= `maxInteractionId` (by time, then id) and the impressions (by time). */
  async readSnapshot(maxInteractionId: number): Promise<TrainingData> {
    // One snapshot for the three reads, so users, swipes and impressions agree.
    await this.db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    try {
      const profiles = await this.readProfiles();
      const swipes = await this.readSwipes(maxInteractionId);
      const impressions = await this.readImpressions();
      await this.db.query('COMMIT');
      return { userIds: [...profiles.keys()], profiles, swipes, impressions };
    } catch (err) {
      await this.db.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }

  private async readProfiles(): Promise<Map<number, Profile>> {
    const users = await this.db.query<unknown[]>({
      text: `SELECT id, age, gender, pref_genders, pref_age_min, pref_age_max, latitude, longitude, pref_max_distance_km, interests,
                    (extract(epoch FROM created_at) * 1000)::float8, is_active
             FROM users ORDER BY id`,
      rowMode: 'array',
    });
    const profiles = new Map<number, Profile>();
    for (const r of users.rows as ProfileTuple[]) {
      const [id, age, gender, sought, ageMin, ageMax, latitude, longitude, maxKm, interests, createdAt, isActive] = r;
      profiles.set(id, {
        id,
        age,
        gender,
        gendersSought: sought,
        ageMin,
        ageMax,
        ...gridPosition(latitude, longitude),
        maxDistanceKm: maxKm,
        interests,
        createdAt,
        isActive,
      });
    }
    return profiles;
  }

  /** Ordered by time (then id): the temporal split and the as-of replay rely on it. */
  private async readSwipes(maxInteractionId: number): Promise<Swipe[]> {
    const rows = await this.db.query<unknown[]>({
      text: `SELECT actor_id, target_id, type, (extract(epoch FROM created_at) * 1000)::float8 FROM interactions WHERE id <= $1 ORDER BY created_at, id`,
      values: [maxInteractionId],
      rowMode: 'array',
    });
    return rows.rows.map((r) => ({
      actor: r[0] as number,
      target: r[1] as number,
      type: r[2] as SwipeType,
      ts: r[3] as number,
    }));
  }

  private async readImpressions(): Promise<TimedImpression[]> {
    const imps = await this.db.query<unknown[]>({
      text: `SELECT viewer_id, candidate_id, (extract(epoch FROM created_at) * 1000)::float8 FROM impressions ORDER BY created_at, page_id, position`,
      rowMode: 'array',
    });
    return imps.rows.map((r) => ({ viewer: r[0] as number, shown: r[1] as number, ts: r[2] as number }));
  }
}
