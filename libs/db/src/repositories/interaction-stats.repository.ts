/**
 * Counts over one user's interactions: per type given and received, and per hour or day.
 * Raw SQL: GROUP BY over UNION ALLs of the given and received indexes (and, for timelines, the
 * computed matches), which TypeORM's builder would only wrap around the same SQL strings.
 */
import type { DataSource } from 'typeorm';
import type { Granularity, InteractionType } from '@app/contracts';
import { type InteractionVisibility, receivedVisible } from './interaction-sql';
import { MATCHES_SQL } from './matches.repository';

/** How many interactions of `type` the user gave or received. */
export interface TypeCount {
  side: 'given' | 'received';
  type: InteractionType;
  n: number;
}

/** How many events of one kind fell in one bucket (`bucket`: its start, ISO in UTC). */
export interface BucketCount {
  bucket: string;
  side: 'given' | 'received' | 'match';
  type: InteractionType | 'match';
  n: number;
}

/** The bucket sizes of a timeline, each as PostgreSQL's date_trunc names it. */
const BUCKET_UNITS: Readonly<Record<Granularity, string>> = { hour: 'hour', day: 'day' };

/** Aggregates over a user's interactions, for stats and timelines. */
export class InteractionStatsRepository {
  constructor(private readonly ds: DataSource) {}

  /**
   * The user's interactions counted per type, given and received, as `visibility` shows the
   * received ones (types without any are absent).
   */
  countByType(userId: number, visibility: InteractionVisibility): Promise<TypeCount[]> {
    const [shown, params] = receivedFilter(visibility, [userId]);
    return this.ds.query(
      `SELECT 'given' AS side, type, count(*)::int AS n FROM interactions i WHERE actor_id = $1 GROUP BY type
       UNION ALL SELECT 'received' AS side, type, count(*)::int AS n FROM interactions i WHERE target_id = $1${shown} GROUP BY type`,
      params,
    );
  }

  /**
   * Interactions given and received and matches formed in [since, until), counted per hour or day
   * (UTC). Every value travels as a parameter, the unit included; a unit other than the two
   * bucket sizes throws before any SQL runs.
   */
  async countPerBucket(
    userId: number,
    since: string,
    until: string,
    unit: Granularity,
    visibility: InteractionVisibility,
  ): Promise<BucketCount[]> {
    if (!Object.hasOwn(BUCKET_UNITS, unit)) throw new Error('unknown timeline bucket unit (hour or day only)');
    const [shown, params] = receivedFilter(visibility, [userId, since, until]);
    const trunc = `$${params.push(BUCKET_UNITS[unit])}`;
    return this.ds.query(
      `WITH events AS (
         SELECT created_at AS t, 'given' AS side, type FROM interactions WHERE actor_id = $1 AND created_at >= $2 AND created_at < $3
         UNION ALL SELECT created_at, 'received', type FROM interactions i WHERE target_id = $1 AND created_at >= $2 AND created_at < $3${shown}
         UNION ALL SELECT matched_at, 'match', 'match' FROM (${MATCHES_SQL}) m WHERE matched_at >= $2 AND matched_at < $3
       )
       SELECT to_char(date_trunc(${trunc}, t AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:00:00.000"Z"') AS bucket, side, type, count(*)::int AS n FROM events GROUP BY 1, 2, 3`,
      params,
    );
  }
}

/** The condition (`AND ...`) on received rows `i` that `visibility` adds, and the parameters with its own. */
function receivedFilter(visibility: InteractionVisibility, params: unknown[]): [string, unknown[]] {
  if (visibility.kind === 'all') return ['', params];
  const types = `$${params.length + 1}`;
  return [` AND ${receivedVisible('i', '$1', types)}`, [...params, visibility.receivedTypes]];
}
