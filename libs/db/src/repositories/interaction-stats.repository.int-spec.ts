import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import type { InteractionVisibility } from './interaction-sql';
import { InteractionStatsRepository } from './interaction-stats.repository';

/** InteractionStatsRepository against PostgreSQL: counts per type, and per hour or day with matches. */
describe('InteractionStatsRepository (integration)', () => {
  const db = useRepositoryDatabase('stats_repo');
  const repo = () => new InteractionStatsRepository(db());
  const all: InteractionVisibility = { kind: 'all' };
  const own: InteractionVisibility = { kind: 'own', receivedTypes: ['like', 'super_like'] };
  const sorted = <T>(xs: T[]) => [...xs].sort((p, q) => JSON.stringify(p).localeCompare(JSON.stringify(q)));

  it("counts a user's interactions per type given and received, and per bucket with the matches formed", async () => {
    const [me, a, b] = await Promise.all([insertUser(db()), insertUser(db()), insertUser(db())]);
    await insertInteraction(db(), me, a, 'like', '2026-04-01T10:15:00Z');
    await insertInteraction(db(), a, me, 'like', '2026-04-01T11:30:00Z');
    await insertInteraction(db(), me, b, 'dislike', '2026-04-02T09:00:00Z');
    await insertInteraction(db(), b, me, 'block', '2026-04-02T09:30:00Z');
    expect(sorted(await repo().countByType(me, all))).toEqual(
      sorted([
        { side: 'given', type: 'like', n: 1 },
        { side: 'given', type: 'dislike', n: 1 },
        { side: 'received', type: 'like', n: 1 },
        { side: 'received', type: 'block', n: 1 },
      ]),
    );
    const perDay = await repo().countPerBucket(me, '2026-04-01T00:00:00Z', '2026-04-03T00:00:00Z', 'day', all);
    expect(sorted(perDay)).toEqual(
      sorted([
        { bucket: '2026-04-01T00:00:00.000Z', side: 'given', type: 'like', n: 1 },
        { bucket: '2026-04-01T00:00:00.000Z', side: 'received', type: 'like', n: 1 },
        { bucket: '2026-04-01T00:00:00.000Z', side: 'match', type: 'match', n: 1 },
        { bucket: '2026-04-02T00:00:00.000Z', side: 'given', type: 'dislike', n: 1 },
        { bucket: '2026-04-02T00:00:00.000Z', side: 'received', type: 'block', n: 1 },
      ]),
    );
    const perHour = await repo().countPerBucket(me, '2026-04-01T00:00:00Z', '2026-04-01T12:00:00Z', 'hour', all);
    expect(sorted(perHour)).toEqual(
      sorted([
        { bucket: '2026-04-01T10:00:00.000Z', side: 'given', type: 'like', n: 1 },
        { bucket: '2026-04-01T11:00:00.000Z', side: 'received', type: 'like', n: 1 },
        { bucket: '2026-04-01T11:00:00.000Z', side: 'match', type: 'match', n: 1 },
      ]),
    );
  });

  it('shows a person only the received types revealed, and nothing from someone who blocked them', async () => {
    const [me, fan, hater, blocker] = await Promise.all([
      insertUser(db()),
      insertUser(db()),
      insertUser(db()),
      insertUser(db()),
    ]);
    await insertInteraction(db(), fan, me, 'like', '2026-05-01T10:00:00Z');
    await insertInteraction(db(), hater, me, 'dislike', '2026-05-01T10:10:00Z');
    await insertInteraction(db(), blocker, me, 'like', '2026-05-01T10:20:00Z');
    await insertInteraction(db(), blocker, me, 'block', '2026-05-01T10:30:00Z');
    await insertInteraction(db(), me, blocker, 'like', '2026-05-01T10:40:00Z');
    expect(sorted(await repo().countByType(me, own))).toEqual(
      sorted([
        { side: 'given', type: 'like', n: 1 },
        { side: 'received', type: 'like', n: 1 },
      ]),
    );
    const perDay = await repo().countPerBucket(me, '2026-05-01T00:00:00Z', '2026-05-02T00:00:00Z', 'day', own);
    expect(sorted(perDay)).toEqual(
      sorted([
        { bucket: '2026-05-01T00:00:00.000Z', side: 'given', type: 'like', n: 1 },
        { bucket: '2026-05-01T00:00:00.000Z', side: 'received', type: 'like', n: 1 },
      ]),
    );
    const none: InteractionVisibility = { kind: 'own', receivedTypes: [] };
    expect(await repo().countByType(me, none)).toEqual([{ side: 'given', type: 'like', n: 1 }]);
    expect((await repo().countByType(me, all)).filter((r) => r.side === 'received')).toHaveLength(3);
  });

  it('takes only hour or day as the bucket unit: anything else throws before any SQL, the unit never reaching the SQL text', async () => {
    const me = await insertUser(db());
    await insertInteraction(db(), me, await insertUser(db()), 'like', '2026-04-01T10:15:00Z');
    for (const unit of ['week', "day'; DROP TABLE users; --", 'hour ']) {
      await expect(
        repo().countPerBucket(me, '2026-04-01T00:00:00Z', '2026-04-03T00:00:00Z', unit as 'day', all),
      ).rejects.toThrow('unknown timeline bucket unit');
    }
    const [{ n }] = await db().query(`SELECT count(*)::int AS n FROM users WHERE id = $1`, [me]);
    expect(n).toBe(1);
  });
});
