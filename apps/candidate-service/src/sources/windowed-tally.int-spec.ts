import { Client } from 'pg';
import { useFreshDatabase } from '../../../../test/support/infra';
import { createDataSource } from '../../../../libs/db/src/data-source';
import { PopularityRepository } from '../../../../libs/db/src/repositories/popularity.repository';
import type { WindowTallyReads } from '../../../../libs/db/src/repositories/popularity.repository';
import { WindowedTally } from './windowed-tally';

/**
 * The incremental tallies against PostgreSQL: after every change (new swipes, swipes leaving
 * the window as newer ones move it, a late commit, an import) the sums kept by reading only
 * what changed equal a full count made at the same moment.
 */
describe('WindowedTally (integration)', () => {
  let pg: Client;
  let ds: ReturnType<typeof createDataSource>;
  // Declared before the database's own clean-up, so the connections close before it is dropped.
  afterAll(async () => {
    await pg?.end();
    await ds?.destroy();
  });
  const url = useFreshDatabase('tally');
  let popularity: PopularityRepository;
  const users: number[] = [];

  beforeAll(async () => {
    pg = new Client({ connectionString: url() });
    await pg.connect();
    ds = createDataSource(url(), 2);
    await ds.initialize();
    popularity = new PopularityRepository(ds);
    for (let i = 0; i < 6; i++) {
      const { rows } = await pg.query(
        `INSERT INTO users (name, age, gender, pref_genders, pref_age_min, pref_age_max) VALUES ($1, 30, 'male', '{female}', 18, 99) RETURNING id`,
        [`U${i}`],
      );
      users.push(rows[0].id);
    }
  });

  const swipe = (actor: number, target: number, type: string, daysAgo: number, client: Client = pg) =>
    client.query(
      `INSERT INTO interactions (actor_id, target_id, type, created_at) VALUES ($1, $2, $3, timestamptz '2026-06-30T12:00:00Z' - make_interval(days => $4))`,
      [actor, target, type, daysAgo],
    );
  const page = (viewer: number, candidates: number[], secondsAgo: number) =>
    pg.query(
      `INSERT INTO impression_pages (viewer_id, candidate_ids, positions, scores, p_like, p_liked_back, sources, created_at)
       SELECT $1, $2::int[], array_agg(p::smallint), array_agg(0.5::real), array_agg(0.5::real), array_agg(0.5::real), array_agg('content'::text), now() - $3 * interval '1 second'
         FROM generate_series(1, cardinality($2::int[])) AS p`,
      [viewer, candidates, secondsAgo],
    );

  const asObject = (t: WindowedTally) =>
    t.totals.map((m) => Object.fromEntries([...m.entries()].sort(([a], [b]) => a - b)));
  const fullCount = async (reads: WindowTallyReads) => {
    const fresh = new WindowedTally(reads);
    expect(await fresh.refresh()).toBe('full');
    return asObject(fresh);
  };

  it('keeps the swipes received over the window equal to a full count, reading only what changed', async () => {
    const [a, b, c, d, e, f] = users;
    const tally = new WindowedTally(popularity.receivedSwipes);
    expect(await tally.refresh()).toBe('full');
    expect(asObject(tally)).toEqual([{}, {}]);

    await swipe(a, b, 'like', 41); // outside: the window is the 30 days before the newest swipe (10 days ago below)
    await swipe(c, b, 'super_like', 20);
    await swipe(d, b, 'dislike', 12);
    await swipe(a, c, 'block', 11);
    await swipe(e, c, 'like', 10);
    expect(await tally.refresh()).toBe('full'); // the first rows of an empty table: counted afresh
    expect(asObject(tally)).toEqual([
      { [b]: 2, [c]: 1 },
      { [b]: 2, [c]: 1 },
    ]);

    // A newer swipe moves the window: the super like (20 days ago) leaves it, the new one enters.
    await swipe(f, b, 'like', -15);
    expect(await tally.refresh()).toBe('incremental');
    expect(asObject(tally)).toEqual([
      { [b]: 1, [c]: 1 },
      { [b]: 2, [c]: 1 },
    ]);
    expect(asObject(tally)).toEqual(await fullCount(popularity.receivedSwipes));

    // A late commit: its id is taken before a later swipe's, which is read first.
    const late = new Client({ connectionString: url() });
    await late.connect();
    await late.query('BEGIN');
    await swipe(f, c, 'super_like', -15, late);
    await swipe(f, d, 'like', -15);
    expect(await tally.refresh()).toBe('incremental');
    expect(asObject(tally)).toEqual([
      { [b]: 1, [c]: 1, [d]: 1 },
      { [b]: 2, [c]: 1, [d]: 1 },
    ]);
    await late.query('COMMIT');
    await late.end();
    expect(await tally.refresh()).toBe('incremental');
    expect(asObject(tally)).toEqual([
      { [b]: 1, [c]: 3, [d]: 1 },
      { [b]: 2, [c]: 2, [d]: 1 },
    ]);
    expect(asObject(tally)).toEqual(await fullCount(popularity.receivedSwipes));
    // Nothing new: nothing changes, and nothing is counted twice.
    expect(await tally.refresh()).toBe('incremental');
    expect(asObject(tally)).toEqual(await fullCount(popularity.receivedSwipes));
  });

  it('counts afresh when a read would bring more new rows than it allows (an import), or when asked', async () => {
    const tally = new WindowedTally(popularity.receivedSwipes, 3);
    await tally.refresh();
    const [, b, , , e] = users;
    await pg.query(`DELETE FROM interactions WHERE actor_id = $1`, [e]);
    expect(await tally.refresh()).toBe('incremental'); // deletions are not seen...
    expect(await tally.refresh(true)).toBe('full'); // ...until the next full count
    expect(asObject(tally)).toEqual(await fullCount(popularity.receivedSwipes));
    for (const [target, type] of [
      [users[2], 'like'],
      [users[3], 'like'],
      [users[4], 'dislike'],
      [users[5], 'like'],
    ] as const)
      await swipe(b, target, type, -15);
    expect(await tally.refresh()).toBe('full');
    expect(asObject(tally)).toEqual(await fullCount(popularity.receivedSwipes));
  });

  it('keeps the appearances in pages served over the last 7 days equal to a full count', async () => {
    const [a, b, c, d] = users;
    const tally = new WindowedTally(popularity.appearances);
    const week = 7 * 86_400;
    await page(a, [b, c], week + 60); // outside the window already
    await page(a, [c, d], week - 1.5); // leaves the window within two seconds
    await page(b, [c], 3600);
    expect(await tally.refresh()).toBe('full');
    expect(asObject(tally)).toEqual([{ [c]: 2, [d]: 1 }]);
    await new Promise((r) => setTimeout(r, 2500));
    await page(d, [b, c], 0);
    expect(await tally.refresh()).toBe('incremental');
    expect(asObject(tally)).toEqual([{ [b]: 1, [c]: 2 }]);
    expect(asObject(tally)).toEqual(await fullCount(popularity.appearances));
  });
});
