/**
 * Impressions: one row per served page in `impression_pages` (migration
 * ImpressionPages1764180000000), read as one row per shown profile through the `impressions`
 * view. They have no foreign keys: they were 60% of the cost of every row
 * (ImpressionsWithoutForeignKeys1764170000000). Instead, the two writers that could leave a page
 * naming a deleted user take one advisory lock, in transaction scope:
 * - the ranking service's batch insert takes it shared, then asks which of the batch's users are
 *   gone and leaves them out (that query's snapshot is taken after the lock is granted);
 * - deleting a user takes it exclusive, then deletes that user's pages as viewer and takes them
 *   out of other viewers' pages as candidate.
 * So a batch either commits before the deletion looks (and its pages are cleaned with the
 * user) or starts looking after the deletion committed (and leaves the user out). Batches
 * run a few times a second and deletions are rare, so neither waits noticeably.
 *
 * Raw SQL throughout: the batch insert is one `unnest` INSERT per 200 ms (a sixth of a
 * recommendation's CPU as an INSERT per page, ARCHITECTURE.md), and the deletion rewrites
 * parallel arrays, which no ORM call expresses.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { type ImpressionPage, INSERT_PAGES_SQL, pageColumns, usersNamed, withoutUsers } from './impression-pages';

/** Any constant unique among the project's advisory locks: "impr" in ASCII. */
const IMPRESSIONS_LOCK_KEY = 0x696d7072;

/** Of the ids in $1, those with no user (deleted since their page was served). */
const MISSING_USERS_SQL = `SELECT coalesce(array_agg(i), '{}') AS missing FROM unnest($1::int[]) AS i WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = i)`;

/** Deletes the pages user $1 was shown; returns one row per page with its length. */
const DELETE_VIEWER_PAGES_SQL = `DELETE FROM impression_pages WHERE viewer_id = $1 RETURNING cardinality(candidate_ids) AS n`;

/**
 * Takes user $1 out of the pages they appear in as a candidate (every parallel array loses that
 * element; a page left empty goes) and returns how many appearances were removed. The GIN index
 * on candidate_ids finds the pages.
 */
const STRIP_CANDIDATE_SQL = `
  WITH hit AS (
    SELECT id, candidate_ids, positions, scores, p_like, p_liked_back, sources
      FROM impression_pages WHERE candidate_ids @> ARRAY[$1::int]
  ), kept AS (
    SELECT h.id, array_agg(u.c ORDER BY u.n) AS c, array_agg(u.pos ORDER BY u.n) AS pos, array_agg(u.s ORDER BY u.n) AS s,
           array_agg(u.pl ORDER BY u.n) AS pl, array_agg(u.pb ORDER BY u.n) AS pb, array_agg(u.src ORDER BY u.n) AS src
      FROM hit h CROSS JOIN LATERAL unnest(h.candidate_ids, h.positions, h.scores, h.p_like, h.p_liked_back, h.sources) WITH ORDINALITY AS u(c, pos, s, pl, pb, src, n)
     WHERE u.c <> $1
     GROUP BY h.id
  ), emptied AS (
    DELETE FROM impression_pages p USING hit WHERE p.id = hit.id AND NOT EXISTS (SELECT 1 FROM kept WHERE kept.id = hit.id)
  ), stripped AS (
    UPDATE impression_pages p SET candidate_ids = k.c, positions = k.pos, scores = k.s, p_like = k.pl, p_liked_back = k.pb, sources = k.src
      FROM kept k WHERE p.id = k.id
  )
  SELECT coalesce(sum(cardinality(array_positions(candidate_ids, $1::int))), 0)::int AS n FROM hit`;

/**
 * Outcomes of served recommendations per ranker version over a window. A pair counts once
 * (first shown in the window); it is "liked" when the viewer liked or super liked the candidate
 * after that first showing, and "matched" when, in addition, the candidate likes the viewer and
 * neither blocked the other (the same definition as matches elsewhere). The lookups use the
 * unique (actor, target) swipe index, one probe per served pair.
 */
const PERFORMANCE_SQL = `
  WITH served AS (
    SELECT model_versions->>'ranker' AS ranker, viewer_id, candidate_id, min(created_at) AS first_at, count(*)::int AS n
      FROM impressions
     WHERE created_at >= $1
     GROUP BY 1, 2, 3
  ), outcome AS (
    SELECT s.*,
           EXISTS (SELECT 1 FROM interactions l WHERE l.actor_id = s.viewer_id AND l.target_id = s.candidate_id
                     AND l.type IN ('like', 'super_like') AND l.created_at >= s.first_at) AS liked,
           EXISTS (SELECT 1 FROM interactions b WHERE b.actor_id = s.candidate_id AND b.target_id = s.viewer_id AND b.type IN ('like', 'super_like'))
             AND NOT EXISTS (SELECT 1 FROM interactions x WHERE x.type = 'block'
                     AND ((x.actor_id = s.viewer_id AND x.target_id = s.candidate_id) OR (x.actor_id = s.candidate_id AND x.target_id = s.viewer_id))) AS liked_back
      FROM served s
  )
  SELECT ranker, sum(n)::int AS served, count(*)::int AS pairs, count(DISTINCT viewer_id)::int AS viewers,
         count(*) FILTER (WHERE liked)::int AS liked, count(*) FILTER (WHERE liked AND liked_back)::int AS matched
    FROM outcome
   GROUP BY ranker
   ORDER BY ranker NULLS FIRST`;

/** What the pages served under one ranker version led to (ranker: null for the fallback scorer). */
export interface PerformanceRow {
  ranker: string | null;
  served: number;
  pairs: number;
  viewers: number;
  liked: number;
  matched: number;
}

/** Served pages: the batch insert, a user's deletion, and the performance report. */
export class ImpressionsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Stores a batch of pages in one transaction, minus the users deleted since they were served. */
  async insertPages(pages: readonly ImpressionPage[]): Promise<void> {
    await this.ds.transaction(async (m) => {
      await m.query('SELECT pg_advisory_xact_lock_shared($1)', [IMPRESSIONS_LOCK_KEY]);
      // Users deleted since their page was served are left out (usually no one is).
      const [{ missing }] = (await m.query(MISSING_USERS_SQL, [usersNamed(pages)])) as { missing: number[] }[];
      const gone = new Set(missing);
      const kept = gone.size === 0 ? pages : pages.map((p) => withoutUsers(p, gone)).filter((p) => p !== null);
      if (kept.length > 0) await m.query(INSERT_PAGES_SQL, pageColumns(kept));
    });
  }

  /** Inside the user's deletion transaction: removes every impression naming them; returns how many. */
  async deleteAllOf(userId: number, m: EntityManager): Promise<number> {
    await m.query('SELECT pg_advisory_xact_lock($1)', [IMPRESSIONS_LOCK_KEY]);
    const [pages] = (await m.query(DELETE_VIEWER_PAGES_SQL, [userId])) as [{ n: number }[], number];
    const [{ n: asCandidate }] = (await m.query(STRIP_CANDIDATE_SQL, [userId])) as { n: number }[];
    return pages.reduce((sum, p) => sum + p.n, 0) + asCandidate;
  }

  /** Per ranker version, what the pages served since `since` led to (see PERFORMANCE_SQL). */
  outcomesByRankerSince(since: Date): Promise<PerformanceRow[]> {
    return this.ds.query(PERFORMANCE_SQL, [since]);
  }
}
