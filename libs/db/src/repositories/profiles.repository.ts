/**
 * Users read as libs/ml profiles: one select list and one mapping for every service that needs
 * them (the profile mirror of candidate generation and the feature store, ranking.rank).
 *
 * Raw SQL on purpose: the mirrors re-read 100k profiles while serving, in keyset pages
 * (sql/keyset-pages.ts has the measured pauses), and each row maps straight into the profile
 * table's shape; hydrating a UserEntity per row first would be one more object per user.
 */
import type { DataSource } from 'typeorm';
import type { CandidateProfile } from '@app/ml/candidates';
import { gridPosition } from '@app/ml/features/geo';
import type { Gender } from '@app/contracts';
import { forEachKeysetPage } from '../sql/keyset-pages';
import { runQueryOf } from '../sql/run-query';

/** Select list of a profile; append a WHERE clause. */
const PROFILE_SQL = `SELECT id, age, gender, latitude, longitude, interests, pref_genders, pref_age_min, pref_age_max,
  pref_max_distance_km, is_active, created_at, updated_at FROM users`;

/** A profile as PostgreSQL returns it; `toProfile` makes it a libs/ml profile. */
export interface ProfileRow {
  id: number;
  age: number;
  gender: Gender;
  latitude: number | null;
  longitude: number | null;
  interests: string[];
  pref_genders: Gender[];
  pref_age_min: number;
  pref_age_max: number;
  pref_max_distance_km: number | null;
  is_active: boolean;
  created_at: Date | string;
  updated_at: Date | string;
}

/** The libs/ml profile of a row. */
export function toProfile(r: ProfileRow): CandidateProfile {
  return {
    id: r.id,
    age: r.age,
    gender: r.gender,
    ...gridPosition(r.latitude, r.longitude),
    interests: r.interests,
    gendersSought: r.pref_genders,
    ageMin: r.pref_age_min,
    ageMax: r.pref_age_max,
    maxDistanceKm: r.pref_max_distance_km,
    isActive: r.is_active,
    createdAt: new Date(r.created_at).getTime(),
    updatedAtMs: new Date(r.updated_at).getTime(),
    // Present from the start (ProfileTable sets it): a property added later lives in a separate
    // property array, one more heap object per profile held (100k in the services' mirrors).
    interestKeys: undefined,
  };
}

/** Reads of `users` as profiles. Rows, not profiles, where the caller paces the conversion itself. */
export class ProfilesRepository {
  constructor(private readonly ds: DataSource) {}

  /** The profiles of `ids` that exist, in no particular order. */
  async findByIds(ids: readonly number[]): Promise<CandidateProfile[]> {
    const rows = await this.ds.query<ProfileRow[]>(`${PROFILE_SQL} WHERE id = ANY($1::int[])`, [ids]);
    return rows.map(toProfile);
  }

  /** Every profile, in pages of `pageSize` by id; each page is handled before the next is read. */
  forEachPage(pageSize: number, onPage: (rows: ProfileRow[]) => Promise<void> | void): Promise<void> {
    return forEachKeysetPage<ProfileRow>(runQueryOf(this.ds), PROFILE_SQL, 'id', (r) => r.id, pageSize, onPage);
  }

  /** The profiles written at or after `since` (by updated_at). */
  findChangedSince(since: Date): Promise<ProfileRow[]> {
    return this.ds.query<ProfileRow[]>(`${PROFILE_SQL} WHERE updated_at >= $1`, [since]);
  }

  /** How many users exist. Raw: TypeORM's count() is COUNT(DISTINCT id), a sort over every user. */
  async count(): Promise<number> {
    const [{ n }] = await this.ds.query<{ n: number }[]>('SELECT count(*)::int AS n FROM users');
    return n;
  }

  /** Every user id. Raw: 100k ids, without an entity each. */
  async findAllIds(): Promise<number[]> {
    return (await this.ds.query<{ id: number }[]>('SELECT id FROM users')).map((r) => r.id);
  }

  /** Which of `ids` are users (one array parameter however many ids). */
  async findExistingIds(ids: readonly number[]): Promise<Set<number>> {
    const rows = await this.ds.query<{ id: number }[]>('SELECT id FROM users WHERE id = ANY($1::int[])', [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** The database's clock, so "changed since" compares times of one clock. */
  async databaseNow(): Promise<Date> {
    const [{ now }] = await this.ds.query<{ now: Date }[]>('SELECT now() AS now');
    return now;
  }
}
