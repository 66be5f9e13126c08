/**
 * Impressions (one row per served page in `impression_pages`, migration
 * ImpressionPages1764180000000) have no foreign keys: they were 60% of the cost of every row
 * (ImpressionsWithoutForeignKeys1764170000000). Instead, the two writers that could leave a page
 * naming a deleted user take one advisory lock, in transaction scope:
 * - the ranking service's batch insert takes it shared, then asks which of the batch's users are
 *   gone and leaves them out (that query's snapshot is taken after the lock is granted);
 * - deleting a user takes it exclusive, then deletes that user's pages as viewer and takes them
 *   out of other viewers' pages as candidate.
 * So a batch either commits before the deletion looks (and its pages are cleaned with the
 * user) or starts looking after the deletion committed (and leaves the user out). Batches
 * run a few times a second and deletions are rare, so neither waits noticeably.
 */
import type { EntityManager } from 'typeorm';

/** Any constant unique among the project's advisory locks: "impr" in ASCII. */
export const IMPRESSIONS_LOCK_KEY = 0x696d7072;

/** Of the ids in $1, those with no user (deleted since their page was served). */
export const MISSING_USERS_SQL = `SELECT coalesce(array_agg(i), '{}') AS missing FROM unnest($1::int[]) AS i WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = i)`;

/** Deletes the pages user $1 was shown; returns one row per page with its length. */
export const DELETE_VIEWER_PAGES_SQL = `DELETE FROM impression_pages WHERE viewer_id = $1 RETURNING cardinality(candidate_ids) AS n`;

/**
 * Takes user $1 out of the pages they appear in as a candidate (every parallel array loses that
 * element; a page left empty goes) and returns how many appearances were removed. The GIN index
 * on candidate_ids finds the pages.
 */
export const STRIP_CANDIDATE_SQL = `
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

/** Inside the batch insert's transaction, before asking which users are gone. */
export async function lockImpressionsForInsert(m: EntityManager): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock_shared($1)', [IMPRESSIONS_LOCK_KEY]);
}

/** Inside the user's deletion transaction: removes every impression naming them; returns how many. */
export async function deleteImpressionsOf(m: EntityManager, userId: number): Promise<number> {
  await m.query('SELECT pg_advisory_xact_lock($1)', [IMPRESSIONS_LOCK_KEY]);
  const [pages] = (await m.query(DELETE_VIEWER_PAGES_SQL, [userId])) as [{ n: number }[], number];
  const [{ n: asCandidate }] = (await m.query(STRIP_CANDIDATE_SQL, [userId])) as { n: number }[];
  return pages.reduce((sum, p) => sum + p.n, 0) + asCandidate;
}
