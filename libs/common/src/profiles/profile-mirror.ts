import { Logger } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import { EventSubjects, type EventPayload, type UserView } from '@app/contracts';
import { PROFILE_SQL, type ProfileRow, toProfile } from '@app/db/queries/profiles';
import { type CandidateProfile, ProfileTable } from '@app/ml/candidates';
import { InstanceEvents } from '../events/instance-events';

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

export interface ProfileMirrorOptions {
  /** Process name on NATS, e.g. "feature-service-1234-profiles". */
  name: string;
  natsServers: string[];
  ensureStream: () => Promise<void>;
  /** Full re-read period: a safety net under the events. */
  reloadMs: number;
}

/**
 * This instance's copy of every profile (a libs/ml ProfileTable), read by candidate generation
 * and the feature store instead of querying `users` on each request.
 *
 * Kept fresh by `events.user.*` (InstanceEvents: every replica sees every event), re-read in
 * full at start, once subscribed (so nothing between the first read and the subscription is
 * missed), after `events.bulk.imported` (an import writes users with COPY and announces itself
 * once) and every `reloadMs`. Rows carry updated_at, so a late event never replaces a newer
 * copy, and a deletion leaves a tombstone. A profile change therefore arrives within the
 * event's delivery time (milliseconds); swipes are never mirrored here.
 */
export class ProfileMirror {
  private readonly logger = new Logger(ProfileMirror.name);
  readonly table = new ProfileTable();
  private readonly events: InstanceEvents;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly removedListeners: ((id: number) => void)[] = [];

  constructor(
    private readonly ds: DataSource,
    private readonly options: ProfileMirrorOptions,
  ) {
    this.events = new InstanceEvents(options.name, options.natsServers, options.ensureStream);
  }

  /** Calls `listener` with the id of every user deleted from now on. */
  onRemoved(listener: (id: number) => void): void {
    this.removedListeners.push(listener);
  }

  /**
   * The first full read (awaited: a service starts serving with every profile), then the
   * events and the periodic reload. If PostgreSQL is down the service starts with an empty
   * table, which the subscription's and the periodic reloads fill later.
   */
  async start(): Promise<void> {
    await this.reload('startup');
    this.events.start(
      [
        { subject: 'events.user.*', handle: (p, subject) => this.apply(subject, p) },
        { subject: EventSubjects.bulkImported, handle: () => void this.reload('bulk import') },
      ],
      () => void this.reload('events subscribed'),
    );
    this.timer = setInterval(() => void this.reload('periodic'), this.options.reloadMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.events.stop();
  }

  private apply(subject: string, payload: unknown): void {
    if (subject === EventSubjects.userDeleted) {
      const id = (payload as EventPayload<'events.user.deleted'>).user_id;
      this.table.remove(id);
      for (const l of this.removedListeners) l(id);
    } else this.table.upsert(profileFromView((payload as EventPayload<'events.user.updated'>).user));
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

  /**
   * Profiles by id: from the table, and for ids it has not seen (created a moment ago, event
   * still in flight) from `users`. Ids in neither are absent from the result.
   */
  async getMany(ids: readonly number[]): Promise<Map<number, CandidateProfile>> {
    const out = new Map<number, CandidateProfile>();
    const unknown: number[] = [];
    for (const id of ids) {
      const p = this.table.get(id);
      if (p) out.set(id, p);
      else unknown.push(id);
    }
    if (unknown.length) {
      const rows = await this.ds.query<ProfileRow[]>(`${PROFILE_SQL} WHERE id = ANY($1::int[])`, [unknown]);
      for (const r of rows) {
        const p = toProfile(r);
        this.table.upsert(p);
        out.set(p.id, p);
      }
    }
    return out;
  }
}
