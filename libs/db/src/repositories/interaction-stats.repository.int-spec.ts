import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import { InteractionStatsRepository } from './interaction-stats.repository';

/** InteractionStatsRepository against PostgreSQL: counts per type, and per hour or day with matches. */
describe('InteractionStatsRepository (integration)', () => {
  const db = useRepositoryDatabase('stats_repo');
  const repo = () => new InteractionStatsRepository(db());
  const sorted = <T>(xs: T[]) => [...xs].sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));

  it("counts a user's interactions per type given and received, and per bucket with the matches formed", async () => {
    const [me, a, b] = await Promise.all([insertUser(db()), insertUser(db()), insertUser(db())]);
    await insertInteraction(db(), me, a, 'like', '2026-04-01T10:15:00Z');
    await insertInteraction(db(), a, me, 'like', '2026-04-01T11:30:00Z');
    await insertInteraction(db(), me, b, 'dislike', '2026-04-02T09:00:00Z');
    await insertInteraction(db(), b, me, 'block', '2026-04-02T09:30:00Z');
    expect(sorted(await repo().countByType(me))).toEqual(
      sorted([
        { side: 'given', type: 'like', n: 1 },
        { side: 'given', type: 'dislike', n: 1 },
        { side: 'received', type: 'like', n: 1 },
        { side: 'received', type: 'block', n: 1 },
      ]),
    );
    const perDay = await repo().countPerBucket(me, '2026-04-01T00:00:00Z', '2026-04-03T00:00:00Z', 'day');
    expect(sorted(perDay)).toEqual(
      sorted([
        { bucket: '2026-04-01T00:00:00.000Z', side: 'given', type: 'like', n: 1 },
        { bucket: '2026-04-01T00:00:00.000Z', side: 'received', type: 'like', n: 1 },
        { bucket: '2026-04-01T00:00:00.000Z', side: 'match', type: 'match', n: 1 },
        { bucket: '2026-04-02T00:00:00.000Z', side: 'given', type: 'dislike', n: 1 },
        { bucket: '2026-04-02T00:00:00.000Z', side: 'received', type: 'block', n: 1 },
      ]),
    );
    const perHour = await repo().countPerBucket(me, '2026-04-01T00:00:00Z', '2026-04-01T12:00:00Z', 'hour');
    expect(sorted(perHour)).toEqual(
      sorted([
        { bucket: '2026-04-01T10:00:00.000Z', side: 'given', type: 'like', n: 1 },
        { bucket: '2026-04-01T11:00:00.000Z', side: 'received', type: 'like', n: 1 },
        { bucket: '2026-04-01T11:00:00.000Z', side: 'match', type: 'match', n: 1 },
      ]),
    );
  });
});
