import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { InteractionStats, InteractionType, Timeline, TimelineBucket, TimelineQuery } from '@app/contracts';
import { assertUsersExist, blockedEitherWay, emptyCounts, POSITIVE_TYPES_SQL } from './interaction.mapper';

/** SQL: the matches of $1 with the time each formed (the later of the two likes). */
export const MATCHES_SQL = `
  SELECT b.actor_id AS matched_user_id, GREATEST(a.created_at, b.created_at) AS matched_at
  FROM interactions a
  JOIN interactions b ON b.actor_id = a.target_id AND b.target_id = a.actor_id AND b.type IN ${POSITIVE_TYPES_SQL}
  WHERE a.actor_id = $1 AND a.type IN ${POSITIVE_TYPES_SQL} AND NOT ${blockedEitherWay('$1', 'a.target_id')}`;

/** Aggregates over a user's interactions: counts, rates and timelines. */
@Injectable()
export class InteractionStatsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async stats(userId: number): Promise<InteractionStats> {
    await assertUsersExist(this.ds.manager, [userId]);
    const rows: { side: 'given' | 'received'; type: InteractionType; n: number }[] = await this.ds.query(
      `SELECT 'given' AS side, type, count(*)::int AS n FROM interactions WHERE actor_id = $1 GROUP BY type
       UNION ALL SELECT 'received' AS side, type, count(*)::int AS n FROM interactions WHERE target_id = $1 GROUP BY type`,
      [userId],
    );
    const given = emptyCounts();
    const received = emptyCounts();
    for (const r of rows) (r.side === 'given' ? given : received)[r.type] = r.n;
    const [{ n: matches }] = await this.ds.query(`SELECT count(*)::int AS n FROM (${MATCHES_SQL}) m`, [userId]);
    return { user_id: userId, given, received, matches, like_rate: likeRate(given), received_like_rate: likeRate(received) };
  }

  /** Counts per hour or day over [since, until), empty buckets included. */
  async timeline(q: TimelineQuery): Promise<Timeline> {
    await assertUsersExist(this.ds.manager, [q.user_id]);
    const unit = q.granularity;
    const rows: { bucket: string; side: string; type: InteractionType | 'match'; n: number }[] = await this.ds.query(
      `WITH events AS (
         SELECT created_at AS t, 'given' AS side, type FROM interactions WHERE actor_id = $1 AND created_at >= $2 AND created_at < $3
         UNION ALL SELECT created_at, 'received', type FROM interactions WHERE target_id = $1 AND created_at >= $2 AND created_at < $3
         UNION ALL SELECT matched_at, 'match', 'match' FROM (${MATCHES_SQL}) m WHERE matched_at >= $2 AND matched_at < $3
       )
       SELECT to_char(date_trunc('${unit}', t AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:00:00.000"Z"') AS bucket, side, type, count(*)::int AS n FROM events GROUP BY 1, 2, 3`,
      [q.user_id, q.since, q.until],
    );
    const buckets = new Map<string, TimelineBucket>();
    const stepMs = unit === 'hour' ? 3600_000 : 86_400_000;
    for (let t = truncate(new Date(q.since), unit).getTime(); t < new Date(q.until).getTime(); t += stepMs) {
      const key = new Date(t).toISOString();
      buckets.set(key, { bucket: key, given: emptyCounts(), received: emptyCounts(), matches: 0 });
    }
    for (const r of rows) {
      const b = buckets.get(r.bucket);
      if (!b) continue;
      if (r.side === 'match') b.matches += r.n;
      else (r.side === 'given' ? b.given : b.received)[r.type as InteractionType] += r.n;
    }
    return { user_id: q.user_id, granularity: unit, since: q.since, until: q.until, buckets: [...buckets.values()] };
  }
}

function likeRate(c: Record<InteractionType, number>): number {
  const swipes = c.like + c.super_like + c.dislike;
  return swipes === 0 ? 0 : Math.round(((c.like + c.super_like) / swipes) * 10_000) / 10_000;
}

function truncate(d: Date, unit: 'hour' | 'day'): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), unit === 'hour' ? d.getUTCHours() : 0));
}
