import type { TallyRow, WindowTallyReads } from '@app/db';
import { IdCounts } from '@app/ml/candidates';

/** Where the last read left off. */
interface Cursor {
  /** The window's start at the last read. */
  start: string;
  /** Every row with an id up to here was read, and counted if it was in the window. */
  watermark: number;
  /** The next read starts after this id (the watermark before the last read). */
  low: number;
  /** Ids above `low` already counted (skipped by the next read). */
  seen: number[];
}

/**
 * Per-user sums over a sliding time window of an append-only table (swipes received over 30
 * days, appearances in served pages over 7 days), kept up to date by reading only what changed:
 * the rows added since the last read and the rows the window has left behind. Recounting the
 * whole window every few minutes was a burst of seconds of PostgreSQL CPU at 2.5M swipes (and
 * grew with every impression ever served within the window).
 *
 * Exactness, and where it is given up:
 * - Rows are found by id. A row whose transaction commits after a later id was read is still
 *   found: every read goes back to the previous read's highest id and skips the ids it has
 *   already counted. (A commit later than one whole refresh period would be missed.)
 * - The window's bounds are computed by PostgreSQL and passed back as text, so rows at the
 *   boundary fall on the same side in every query (timestamps have microseconds, JS Dates not).
 * - Deleted rows (a user's deletion cascades) stay counted until the next full count, which
 *   the owner runs every few hours and whenever a read would return more than `maxNewRows`.
 *
 * Requests read the sums while they change: an incremental step runs its queries, then applies
 * their rows in place in one synchronous pass; a full count is built aside and swapped in
 * whole. Either way a request sees one state or the next, never half a step.
 *
 * Its reads (libs/db PopularityRepository) are the only data access, so the integration test
 * drives it against PostgreSQL and compares every incremental step with a full count.
 */
export class WindowedTally {
  /** The sums per user, one per measure (replaced whole by a full count: read it through this field). */
  totals: IdCounts[];
  private cursor: Cursor | null = null;

  constructor(
    private readonly reads: WindowTallyReads,
    /** A read that would bring more rows than this (an import) is a full count instead. */
    private readonly maxNewRows = 200_000,
  ) {
    this.totals = Array.from({ length: reads.measures }, () => new IdCounts());
  }

  /** Brings the sums up to date; returns how it did it. */
  async refresh(forceFull = false): Promise<'full' | 'incremental'> {
    const start = await this.reads.windowStart();
    const maxId = await this.reads.maxId();
    const cur = this.cursor;
    // Rows removed wholesale (the highest id went down) or too many new ones: count afresh.
    if (forceFull || !cur || start === null || maxId < cur.watermark || maxId - cur.watermark > this.maxNewRows) {
      await this.full(start, maxId);
      return 'full';
    }
    // Both queries first, then both applied in one synchronous pass: a failed query changes
    // nothing (the next refresh starts from the same cursor), and no request reads a half step.
    const leaving = start !== cur.start ? await this.reads.countLeaving(cur.start, start, cur.watermark) : [];
    const newer = await this.reads.countNewer(cur.low, start, cur.seen);
    for (const r of leaving) this.add(r, -1);
    for (const r of newer.rows) this.add(r, 1);
    let watermark = cur.watermark;
    const seen: number[] = [];
    for (const id of newer.ids) {
      watermark = Math.max(watermark, id);
      // Next time the read starts after the current watermark: only ids above it need skipping.
      if (id > cur.watermark) seen.push(id);
    }
    this.cursor = { start, watermark, low: cur.watermark, seen };
    return 'incremental';
  }

  private async full(start: string | null, maxId: number): Promise<void> {
    const fresh = this.totals.map(() => new IdCounts());
    if (start !== null) for (const r of await this.reads.countWindow(start, maxId)) this.add(r, 1, fresh);
    this.totals = fresh;
    this.cursor = start === null ? null : { start, watermark: maxId, low: maxId, seen: [] };
  }

  private add(row: TallyRow, sign: 1 | -1, totals: IdCounts[] = this.totals): void {
    const user = Number(row.user_id);
    for (let m = 0; m < totals.length; m++) totals[m].add(user, sign * Number(row[`m${m}`]));
  }
}
