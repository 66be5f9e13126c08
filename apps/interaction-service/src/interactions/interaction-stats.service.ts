import { Injectable } from '@nestjs/common';
import type { Disclosure } from '@app/common';
import type { InteractionStats, InteractionType, Timeline, TimelineBucket, TimelineQuery } from '@app/contracts';
import { InteractionStatsRepository, MatchesRepository, UsersRepository } from '@app/db';
import { receivedCounts, receivedLikeRate, visibilityFor } from '../privacy/interaction-disclosure';
import { assertUsersExist, emptyCounts } from './interaction.mapper';

/** Aggregates over a user's interactions: counts, rates and timelines, as the caller may see them. */
@Injectable()
export class InteractionStatsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly counts: InteractionStatsRepository,
    private readonly matches: MatchesRepository,
  ) {}

  async stats(userId: number, disclosure: Disclosure): Promise<InteractionStats> {
    await assertUsersExist(this.users, [userId]);
    const rows = await this.counts.countByType(userId, visibilityFor(disclosure));
    const given = emptyCounts();
    const received = receivedCounts(disclosure);
    for (const r of rows) (r.side === 'given' ? given : received)[r.type] = r.n;
    const matches = await this.matches.countOf(userId);
    return {
      user_id: userId,
      given,
      received,
      matches,
      like_rate: likeRate(given),
      received_like_rate: receivedLikeRate(disclosure, received),
    };
  }

  /** Counts per hour or day over [since, until), empty buckets included. */
  async timeline(q: TimelineQuery, disclosure: Disclosure): Promise<Timeline> {
    await assertUsersExist(this.users, [q.user_id]);
    const unit = q.granularity;
    const rows = await this.counts.countPerBucket(q.user_id, q.since, q.until, unit, visibilityFor(disclosure));
    const buckets = new Map<string, TimelineBucket>();
    const stepMs = unit === 'hour' ? 3600_000 : 86_400_000;
    for (let t = truncate(new Date(q.since), unit).getTime(); t < new Date(q.until).getTime(); t += stepMs) {
      const key = new Date(t).toISOString();
      buckets.set(key, { bucket: key, given: emptyCounts(), received: receivedCounts(disclosure), matches: 0 });
    }
    for (const r of rows) {
      const b = buckets.get(r.bucket);
      if (!b) continue;
      if (r.side === 'match') b.matches += r.n;
      else {
        const counts = r.side === 'given' ? b.given : b.received;
        counts[r.type as InteractionType] = (counts[r.type as InteractionType] ?? 0) + r.n;
      }
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
