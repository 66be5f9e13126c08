/**
 * Viewers' histories as candidate generation needs them (whom they swiped or blocked, who
 * blocked them, who liked them), kept for recently seen viewers and patched by interaction
 * events, so a viewer's next page costs no database round trip. Pure (no Nest, no NATS): the
 * service feeds it events and a reader; the unit specs drive every race by hand.
 *
 * Consistency: an entry is read from PostgreSQL once, then follows the events. A swipe reaches
 * it when its event arrives (the outbox relay publishes right after the commit: milliseconds),
 * the same delay the recommendation cache's invalidation has. Races with the read:
 * - an event for a viewer whose read is in flight marks that read stale: its result is
 *   returned (it is as fresh as a read per request was) but not kept;
 * - an event the read already saw is applied again harmlessly: there is at most one swipe and
 *   one block per ordered pair (unique indexes), so every patch is idempotent.
 * Until the event subscription is live (`follow`), and after `unfollow`, nothing is kept.
 */
import type { InteractionType } from '@app/contracts';
import { relationsOf, type ViewerHistoryRecord, type ViewerRelations } from '@app/ml/candidates';

export interface HistoryEvent {
  actorId: number;
  targetId: number;
  type: InteractionType;
  atMs: number;
}

/** One viewer's history: a few hundred bytes for a typical viewer (30 swipes, 8 likers). */
type Entry = ViewerHistoryRecord;

interface PendingRead {
  promise: Promise<ViewerHistoryRecord>;
  stale: boolean;
}

export class ViewerHistory {
  /** Kept entries in least-recently-used order (a Map iterates in insertion order). */
  private readonly entries = new Map<number, Entry>();
  private readonly pending = new Map<number, PendingRead>();
  private live = false;
  /** Bumped whenever everything kept is dropped, so a read that began before is not kept. */
  private epoch = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    /** The viewer's history from the database (one indexed query). */
    private readonly read: (viewerId: number) => Promise<ViewerHistoryRecord>,
    /** Most viewers kept; 0 keeps none (every request reads). */
    private readonly capacity: number,
  ) {}

  /** The viewer's relations, kept or read. */
  async relations(viewerId: number): Promise<ViewerRelations> {
    const entry = this.entries.get(viewerId);
    if (entry) {
      this.hits++;
      this.entries.delete(viewerId);
      this.entries.set(viewerId, entry);
      return relationsOf(entry);
    }
    this.misses++;
    return relationsOf(await this.load(viewerId));
  }

  /** Reads the viewer's history, sharing a read in flight, and keeps it unless it went stale. */
  private load(viewerId: number): Promise<ViewerHistoryRecord> {
    if (!this.live || this.capacity <= 0) return this.read(viewerId);
    const inFlight = this.pending.get(viewerId);
    if (inFlight) return inFlight.promise;
    const epoch = this.epoch;
    const pending: PendingRead = { promise: this.read(viewerId), stale: false };
    this.pending.set(viewerId, pending);
    pending.promise.then(
      (record) => {
        this.pending.delete(viewerId);
        // A copy: the caller's record and the kept one must not share arrays that patches grow.
        if (!pending.stale && this.live && epoch === this.epoch)
          this.keep(viewerId, { swiped: [...record.swiped], blocked: [...record.blocked], likers: [...record.likers] });
      },
      () => this.pending.delete(viewerId),
    );
    return pending.promise;
  }

  /** The event subscription is live: entries may be kept from now on. */
  follow(): void {
    this.live = true;
  }

  /** Events may be missed from now on: forget everything and keep nothing. */
  unfollow(): void {
    this.live = false;
    this.clear();
  }

  /** A swipe or block, from its event. */
  apply(e: HistoryEvent): void {
    this.touch(e.actorId, (entry) => {
      if (e.type === 'block') addOnce(entry.blocked, e.targetId);
      else addOnce(entry.swiped, e.targetId);
    });
    this.touch(e.targetId, (entry) => {
      if (e.type === 'block') addOnce(entry.blocked, e.actorId);
      else if ((e.type === 'like' || e.type === 'super_like') && !entry.likers.some((l) => l.id === e.actorId)) {
        entry.likers.push({ id: e.actorId, superLike: e.type === 'super_like', atMs: e.atMs });
      }
    });
  }

  /**
   * A user was deleted: their own entry goes, and so does their id from every other kept entry
   * (the swipes and blocks it stood for are deleted too: nothing of them stays in memory). A
   * scan of the kept entries, a few milliseconds at 100k viewers: deletions are rare. A read in
   * flight for anyone may have seen their swipes, so none is kept.
   */
  forget(userId: number): void {
    this.entries.delete(userId);
    for (const entry of this.entries.values()) {
      removeFrom(entry.swiped, userId);
      removeFrom(entry.blocked, userId);
      const liker = entry.likers.findIndex((l) => l.id === userId);
      if (liker >= 0) entry.likers.splice(liker, 1);
    }
    for (const pending of this.pending.values()) pending.stale = true;
  }

  /** Drops everything (a bulk import wrote interactions without events). */
  clear(): void {
    this.entries.clear();
    this.epoch++;
  }

  stats(): { kept: number; hits: number; misses: number } {
    return { kept: this.entries.size, hits: this.hits, misses: this.misses };
  }

  private touch(userId: number, patch: (entry: Entry) => void): void {
    const entry = this.entries.get(userId);
    if (entry) patch(entry);
    const pending = this.pending.get(userId);
    if (pending) pending.stale = true;
  }

  private keep(viewerId: number, entry: Entry): void {
    this.entries.set(viewerId, entry);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}

function removeFrom(ids: number[], id: number): void {
  const at = ids.indexOf(id);
  if (at >= 0) ids.splice(at, 1);
}

function addOnce(ids: number[], id: number): void {
  if (!ids.includes(id)) ids.push(id);
}
