/**
 * Popularity and exposure per user over sliding windows, read incrementally: the SQL of the
 * tallies that apps/candidate-service's WindowedTally keeps (swipes received over 30 days,
 * appearances in served pages over 7 days). Raw SQL, hand-tuned: recounting the windows was
 * 1.5-3 s of PostgreSQL CPU at 2.5M swipes (ARCHITECTURE.md), so each step reads only the rows
 * added (by id, skipping those already counted) and the rows the window left (by time).
 */
import type { DataSource } from 'typeorm';

/** One user's sums in a tally: m0, m1, ... one per measure. */
export type TallyRow = { user_id: number } & { [measure: `m${number}`]: number };

/** The reads of one sliding-window tally over an append-only table with increasing ids. */
export interface WindowTallyReads {
  /** Measures per row (m0, m1, ...). */
  readonly measures: number;
  /**
   * The window's start now, as PostgreSQL's text (timestamps have microseconds, JS Dates not,
   * so rows at the boundary fall on the same side in every query); null when it has none.
   */
  windowStart(): Promise<string | null>;
  /** The highest row id now, 0 when there is none. */
  maxId(): Promise<number>;
  /** Per user, the sums of the rows with id <= `maxId` in the window starting at `start`. */
  countWindow(start: string, maxId: number): Promise<TallyRow[]>;
  /** Per user, the sums of the rows with id <= `maxId` the window left: from `from` (included) to `to` (excluded). */
  countLeaving(from: string, to: string, maxId: number): Promise<TallyRow[]>;
  /**
   * The rows with id > `afterId` except the ids in `skip`: per user the sums of those in the
   * window starting at `start`, and the id of every such row, in the window or not (one
   * statement, so both come from one snapshot).
   */
  countNewer(afterId: number, start: string, skip: readonly number[]): Promise<NewerRows>;
}

/** What countNewer read: the per-user sums, and every new row's id. */
export interface NewerRows {
  rows: TallyRow[];
  ids: number[];
}

/** The SQL of one tally. Each per-user query returns `user_id` and one column per measure, m0, m1, ... */
interface TallySql {
  /** The window's start now, as text: one row, column `start`. */
  start: string;
  /** The highest id now: one row, column `max_id` (null when empty). */
  maxId: string;
  /** Per user, the sums of rows with id <= $2 in the window starting at $1. */
  full: string;
  /** Per user, the sums of rows with id <= $3 that the window left: from $1 (included) to $2 (excluded). */
  leaving: string;
  /** countNewer's rows, plus one with a null user_id whose `ids` lists the rows' ids. */
  newer: string;
}

/**
 * Swipes received: m0 the positive weight (a like 1, a super like 2), m1 every swipe (blocks
 * aside). The window is the 30 days before the latest swipe, not before now, so a market
 * imported with past timestamps still has a popularity.
 */
const RECEIVED_MEASURES = `sum(CASE type WHEN 'super_like' THEN 2 WHEN 'like' THEN 1 ELSE 0 END)::int AS m0, count(*)::int AS m1`;

const RECEIVED_SQL: TallySql = {
  start: `SELECT (max(created_at) - interval '30 days')::text AS start FROM interactions`,
  maxId: `SELECT max(id) AS max_id FROM interactions`,
  full: `SELECT target_id AS user_id, ${RECEIVED_MEASURES} FROM interactions
          WHERE type <> 'block' AND created_at >= $1::timestamptz AND id <= $2 GROUP BY target_id`,
  leaving: `SELECT target_id AS user_id, ${RECEIVED_MEASURES} FROM interactions
             WHERE type <> 'block' AND created_at >= $1::timestamptz AND created_at < $2::timestamptz AND id <= $3 GROUP BY target_id`,
  newer: `
    WITH fresh AS (
      SELECT i.id, i.created_at, i.target_id, i.type
        FROM interactions i LEFT JOIN unnest($3::bigint[]) AS s(id) ON s.id = i.id
       WHERE i.id > $1 AND s.id IS NULL
    )
    SELECT NULL::int AS user_id, 0 AS m0, 0 AS m1, (SELECT coalesce(array_agg(id), '{}') FROM fresh) AS ids
    UNION ALL
    SELECT target_id, ${RECEIVED_MEASURES}, NULL FROM fresh WHERE type <> 'block' AND created_at >= $2::timestamptz GROUP BY target_id`,
};

/** Appearances in served pages over the last 7 days: m0 how many. */
const SHOWN_SQL: TallySql = {
  start: `SELECT (now() - interval '7 days')::text AS start`,
  maxId: `SELECT max(id) AS max_id FROM impression_pages`,
  full: `SELECT c AS user_id, count(*)::int AS m0 FROM impression_pages p CROSS JOIN LATERAL unnest(p.candidate_ids) AS c
          WHERE p.created_at >= $1::timestamptz AND p.id <= $2 GROUP BY c`,
  leaving: `SELECT c AS user_id, count(*)::int AS m0 FROM impression_pages p CROSS JOIN LATERAL unnest(p.candidate_ids) AS c
             WHERE p.created_at >= $1::timestamptz AND p.created_at < $2::timestamptz AND p.id <= $3 GROUP BY c`,
  newer: `
    WITH fresh AS (
      SELECT p.id, p.created_at, p.candidate_ids
        FROM impression_pages p LEFT JOIN unnest($3::bigint[]) AS s(id) ON s.id = p.id
       WHERE p.id > $1 AND s.id IS NULL
    )
    SELECT NULL::int AS user_id, 0 AS m0, (SELECT coalesce(array_agg(id), '{}') FROM fresh) AS ids
    UNION ALL
    SELECT c, count(*)::int, NULL FROM fresh CROSS JOIN LATERAL unnest(fresh.candidate_ids) AS c WHERE fresh.created_at >= $2::timestamptz GROUP BY c`,
};

/** The rows of TallySql.newer: one user's counts, or the ids of the rows read. */
type CountsRow = TallyRow & { ids: null };
interface NewerIdsRow {
  user_id: null;
  ids: (string | number)[] | null;
}

/** A tally's reads as the SQL of one TallySql. */
class SqlWindowTally implements WindowTallyReads {
  constructor(
    private readonly ds: DataSource,
    private readonly sql: TallySql,
    readonly measures: number,
  ) {}

  async windowStart(): Promise<string | null> {
    const [{ start }] = await this.ds.query<{ start: string | null }[]>(this.sql.start);
    return start;
  }

  async maxId(): Promise<number> {
    const [{ max_id }] = await this.ds.query<{ max_id: string | number | null }[]>(this.sql.maxId);
    return max_id === null ? 0 : Number(max_id);
  }

  countWindow(start: string, maxId: number): Promise<TallyRow[]> {
    return this.ds.query(this.sql.full, [start, maxId]);
  }

  countLeaving(from: string, to: string, maxId: number): Promise<TallyRow[]> {
    return this.ds.query(this.sql.leaving, [from, to, maxId]);
  }

  async countNewer(afterId: number, start: string, skip: readonly number[]): Promise<NewerRows> {
    const found = await this.ds.query<(CountsRow | NewerIdsRow)[]>(this.sql.newer, [afterId, start, skip]);
    const rows: TallyRow[] = [];
    const ids: number[] = [];
    for (const r of found) {
      if (r.user_id === null) for (const id of r.ids ?? []) ids.push(Number(id));
      else {
        const { ids: _, ...counts } = r;
        rows.push(counts);
      }
    }
    return { rows, ids };
  }
}

/** Popularity (positive swipes received over 30 days) and exposure (swipes and appearances received). */
export class PopularityRepository {
  /** m0: likes received (a super like counts 2), m1: swipes received; over the 30 days before the latest swipe. */
  readonly receivedSwipes: WindowTallyReads;
  /** m0: appearances in pages served over the last 7 days. */
  readonly appearances: WindowTallyReads;

  constructor(ds: DataSource) {
    this.receivedSwipes = new SqlWindowTally(ds, RECEIVED_SQL, 2);
    this.appearances = new SqlWindowTally(ds, SHOWN_SQL, 1);
  }
}
