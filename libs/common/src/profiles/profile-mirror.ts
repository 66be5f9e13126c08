import { setImmediate as nextTurn } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import { Subjects, userIdOfEvent, type EventOf, type SubjectsOf } from '@app/contracts';
import { type ProfileRow, type ProfilesRepository, toProfile } from '@app/db/repositories/profiles.repository';
import { type CandidateProfile, ProfileTable } from '@app/ml/candidates';
import { missingIds, PeriodicSweep } from '../erasure/periodic-sweep';
import type { EventStream } from '../events/event-stream';

/** Writes this recent may be missing from a read that started after them (see readAll). */
const RECENT_WRITE_MS = 60_000;
/**
 * A full re-read while serving (after a bulk import, or once subscribed at start) is background
 * work, and every request arriving while it holds the event loop waits. Read in one query and
 * converted in one go, 100k profiles held it for up to 250–300 ms at a time (the rows all alive
 * together in the young generation, and the conversion); read by pages of ROWS_PER_PAGE
 * (ProfilesRepository.forEachPage) and converted ROWS_PER_TURN rows a turn, for 73–78 ms at
 * most (measured on the bench database with monitorEventLoopDelay).
 */
const ROWS_PER_TURN = 500;
const ROWS_PER_PAGE = 5_000;

export interface ProfileMirrorOptions {
  /** Full re-read period: a safety net under the events. */
  reloadMs: number;
  /** Erasure sweep period (ERASURE_SWEEP_MS): every id held is checked against `users`. */
  sweepMs: number;
}

/**
 * This instance's copy of every profile (a libs/ml ProfileTable), read by candidate generation
 * and the feature store instead of querying `users` on each request.
 *
 * Kept fresh by the user events (consumers of its own: every replica sees every event), which
 * carry ids only: a created or updated user's row is read from `users` (a burst of events in one
 * query), and a deleted one is dropped at once. Re-read in
 * full at start, once subscribed (so nothing between the first read and the subscription is
 * missed) and after `events.bulk.imported` (an import writes users with COPY and announces
 * itself once). Every `reloadMs` a safety net re-reads what changed since the last read (by
 * updated_at, with a margin) and looks for deletions whose events were missed. Rows carry
 * updated_at, so a late event never replaces a newer copy, and a deletion leaves a tombstone.
 * A profile change therefore arrives within the event's delivery time (milliseconds); swipes
 * are never mirrored here.
 */
export class ProfileMirror {
  private readonly logger = new Logger(ProfileMirror.name);
  readonly table = new ProfileTable();
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly removedListeners: ((id: number) => void)[] = [];
  /** Users whose row changed (events) and is still to be read; `reading` reads them. */
  private readonly toRead = new Set<number>();
  private reading: Promise<void> | null = null;
  private readonly sweep: PeriodicSweep;
  /** When the last successful read started, by the database's clock; null before the first. */
  private lastReadAt: Date | null = null;

  constructor(
    private readonly profiles: ProfilesRepository,
    private readonly events: EventStream,
    private readonly options: ProfileMirrorOptions,
  ) {
    this.sweep = new PeriodicSweep('profile mirror', options.sweepMs, () => this.sweepDeleted());
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
    void Promise.all([
      this.events.consume(Subjects.events.anyUser, 'every-instance', (event) => this.apply(event)),
      this.events.consume(Subjects.events.bulkImported, 'every-instance', () => void this.reload('bulk import')),
    ]).then(() => this.reload('events subscribed'));
    this.timer = setInterval(() => void this.reload('periodic', 'changes'), this.options.reloadMs);
    this.timer.unref();
    this.sweep.start();
  }

  /** Stops the periodic reload and sweep (the event consumers stop with the app). */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sweep.stop();
  }

  /**
   * The erasure sweep: drops every held profile whose user is gone, whether or not the table
   * holds more profiles than `users` (a creation can hide a missed deletion from that count),
   * and tells the removal listeners. Returns how many went.
   */
  async sweepDeleted(): Promise<number> {
    const present = new Set(await this.profiles.findAllIds());
    const absent = [...this.table.all()].filter((p) => !present.has(p.id)).map((p) => p.id);
    if (absent.length === 0) return 0;
    // A user created after that read is absent from it too: asked again, they are there; a
    // deleted one never comes back (ids are not reused).
    const gone = await missingIds(absent, (ids) => this.profiles.findExistingIds(ids));
    for (const id of gone) this.forget(id);
    return gone.length;
  }

  private forget(id: number): void {
    this.table.remove(id);
    for (const l of this.removedListeners) l(id);
  }

  private apply(event: EventOf<SubjectsOf<typeof Subjects.events.anyUser>>): void {
    const id = userIdOfEvent(event.payload);
    if (event.subject === Subjects.events.userDeleted) this.forget(id);
    else this.readSoon(id);
  }

  /**
   * Reads the row of a created or updated user, with every other id announced meanwhile in the
   * same query. A deletion that lands while the read is in flight wins (the table's tombstone
   * refuses the row), and a newer copy is never replaced by an older one (updated_at). A failed
   * read is left to the periodic reload.
   */
  private readSoon(id: number): void {
    this.toRead.add(id);
    this.startReading();
  }

  private startReading(): void {
    this.reading ??= (async () => {
      while (this.toRead.size > 0) {
        await nextTurn(); // let a burst of events (a batch create) gather
        const ids = [...this.toRead];
        this.toRead.clear();
        try {
          for (const p of await this.profiles.findByIds(ids)) this.table.upsert(p);
        } catch (err) {
          this.logger.warn(
            `could not read ${ids.length} changed profiles, the periodic reload will: ${(err as Error).message}`,
          );
        }
      }
    })().finally(() => {
      this.reading = null;
      // An id added between the loop's last check and here.
      if (this.toRead.size > 0) this.startReading();
    });
  }

  /**
   * Re-reads every profile, or only those changed since the last read (one run at a time); a
   * failure keeps the current table.
   */
  reload(reason: string, scope: 'all' | 'changes' = 'all'): Promise<void> {
    this.running ??= (
      scope === 'changes' && this.lastReadAt ? this.readChanges(reason, this.lastReadAt) : this.readAll(reason)
    )
      .catch((err: Error) =>
        this.logger.warn(`profile reload (${reason}) failed, keeping the current table: ${err.message}`),
      )
      .finally(() => (this.running = null));
    return this.running;
  }

  private async readAll(reason: string): Promise<void> {
    const t0 = Date.now();
    const readAt = await this.databaseNow();
    const present = new Set<number>();
    await this.profiles.forEachPage(ROWS_PER_PAGE, async (rows) => {
      await this.upsertRows(rows);
      for (const r of rows) present.add(r.id);
    });
    // Profiles gone from `users` whose deletion event never reached us (sent while this
    // instance was disconnected).
    await this.removeAbsent(present, readAt);
    this.lastReadAt = readAt;
    this.logger.log(`profiles loaded (${reason}): ${present.size} users in ${Date.now() - t0} ms`);
  }

  /**
   * The periodic safety net: the rows written since the last read (less a margin for
   * transactions that committed late), then the ids, but only when the table holds more
   * profiles than `users` does (it holds every user, so only then is someone gone).
   */
  private async readChanges(reason: string, since: Date): Promise<void> {
    const t0 = Date.now();
    const readAt = await this.databaseNow();
    const rows = await this.profiles.findChangedSince(new Date(since.getTime() - RECENT_WRITE_MS));
    await this.upsertRows(rows);
    const n = await this.profiles.count();
    let removed = 0;
    if (this.table.size > n) removed = await this.removeAbsent(new Set(await this.profiles.findAllIds()), readAt);
    this.lastReadAt = readAt;
    this.logger.log(
      `profiles refreshed (${reason}): ${rows.length} changed, ${removed} removed, in ${Date.now() - t0} ms`,
    );
  }

  private databaseNow(): Promise<Date> {
    return this.profiles.databaseNow();
  }

  /** Upserts keep whichever copy is newer, so events applied during the read are not undone. */
  private async upsertRows(rows: readonly ProfileRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i++) {
      this.table.upsert(toProfile(rows[i]));
      if (i % ROWS_PER_TURN === ROWS_PER_TURN - 1) await nextTurn();
    }
  }

  /**
   * Removes profiles absent from `present` (the ids of `users` read at `readAt`). One written
   * shortly before the read may be a creation the read's snapshot missed, so only older ones
   * go; a later reload catches the rest.
   */
  private async removeAbsent(present: ReadonlySet<number>, readAt: Date): Promise<number> {
    const settled = readAt.getTime() - RECENT_WRITE_MS;
    const gone = [...this.table.all()].filter((p) => !present.has(p.id) && p.updatedAtMs < settled).map((p) => p.id);
    for (const id of gone) this.forget(id);
    return gone.length;
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
      for (const p of await this.profiles.findByIds(unknown)) {
        this.table.upsert(p);
        out.set(p.id, p);
      }
    }
    return out;
  }
}
