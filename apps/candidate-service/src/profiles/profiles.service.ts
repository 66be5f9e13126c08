import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type UserView } from '@app/contracts';
import { PROFILE_SQL, type ProfileRow, toProfile } from '@app/db/queries/profiles';
import { type CandidateProfile, ProfileTable } from '@app/ml/candidates';
import { CANDIDATE_CONFIG, type CandidateConfig } from '../config/candidate-config';

/** Writes this recent may be missing from a full read that started after them (see readAll). */
const RECENT_WRITE_MS = 60_000;

/** A profile from a user event (the API's shape) in the table's shape. */
export function profileFromView(u: UserView): CandidateProfile {
  return {
    id: u.id,
    age: u.age,
    gender: u.gender,
    latitude: u.latitude,
    longitude: u.longitude,
    interests: u.interests,
    gendersSought: u.preferences.genders,
    ageMin: u.preferences.age_min,
    ageMax: u.preferences.age_max,
    maxDistanceKm: u.preferences.max_distance_km,
    isActive: u.is_active,
    createdAt: Date.parse(u.created_at),
    updatedAtMs: Date.parse(u.updated_at),
  };
}

/**
 * This instance's copy of every profile (ProfileTable), which candidate generation scans
 * instead of querying `users` on each request.
 *
 * Kept fresh by the user events (ModelEvents follows them), re-read in full at start, when the
 * events are subscribed (so nothing between the first load and the subscription is missed)
 * and every CANDIDATE_PROFILES_RELOAD_MS as a safety net. A profile change therefore reaches
 * generation within the event's delivery time (milliseconds); swipes and blocks are not cached
 * here at all but read per request, so "already swiped" is never stale.
 */
@Injectable()
export class ProfilesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ProfilesService.name);
  private readonly table = new ProfileTable();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CANDIDATE_CONFIG) private readonly config: CandidateConfig,
  ) {}

  get profiles(): ProfileTable {
    return this.table;
  }

  /**
   * Awaited by Nest before the service starts listening, so the first request already finds
   * every profile. If PostgreSQL is down the service starts anyway (empty pools) and the
   * subscription and periodic reloads fill the table when it is back.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.reload('startup');
    this.timer = setInterval(() => void this.reload('periodic'), this.config.CANDIDATE_PROFILES_RELOAD_MS);
    this.timer.unref();
  }

  /** Re-reads every profile (one run at a time); a failure keeps the current table. */
  reload(reason: string): Promise<void> {
    this.running ??= this.readAll(reason)
      .catch((err: Error) => this.logger.warn(`profile reload (${reason}) failed, keeping the current table: ${err.message}`))
      .finally(() => (this.running = null));
    return this.running;
  }

  private async readAll(reason: string): Promise<void> {
    const t0 = Date.now();
    const rows = await this.ds.query<ProfileRow[]>(PROFILE_SQL);
    // Upsert keeps whichever copy is newer, so events applied during the read are not undone.
    for (const r of rows) this.table.upsert(toProfile(r));
    // Profiles gone from `users` whose deletion event never reached us (sent while this
    // instance was disconnected). One written shortly before the read may be a creation the
    // read's snapshot missed, so only older ones go; a later reload catches the rest.
    const present = new Set(rows.map((r) => r.id));
    const settled = t0 - RECENT_WRITE_MS;
    for (const p of [...this.table.all()]) if (!present.has(p.id) && p.updatedAtMs < settled) this.table.remove(p.id);
    this.logger.log(`profiles loaded (${reason}): ${rows.length} users in ${Date.now() - t0} ms`);
  }

  upsert(view: UserView): void {
    this.table.upsert(profileFromView(view));
  }

  remove(id: number): void {
    this.table.remove(id);
  }

  /**
   * The viewer's profile: from the table, or from `users` when the table has not seen them yet
   * (created a moment ago, event still in flight).
   */
  async viewer(id: number): Promise<CandidateProfile> {
    const known = this.table.get(id);
    if (known) return known;
    const [row] = await this.ds.query<ProfileRow[]>(`${PROFILE_SQL} WHERE id = $1`, [id]);
    if (!row) throw DomainError.notFound('user', id);
    const profile = toProfile(row);
    this.table.upsert(profile);
    return profile;
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
