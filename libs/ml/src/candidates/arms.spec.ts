import {
  collaborativeArm,
  contentArm,
  contentScore,
  freshArm,
  interestSet,
  popularArm,
  poolColumns,
  reciprocalArm,
  type PopularityView,
  type TasteModel,
} from './arms';
import type { CandidateProfile } from './profile';
import { bestOf } from './best-of';
import { EligibilityCheck } from './eligibility-check';
import { man, profile } from './profile.fixture';
import { PoolRows } from './pool-rows';
import { ProfileTable } from './profile-table';

const now = Date.parse('2025-01-31T00:00:00Z');
const ALL = { content: true, fresh: true, popular: true };
const columns = (pool: CandidateProfile[], v: PopularityView, viewer = profile(1)) =>
  poolColumns(viewer, PoolRows.of(viewer, pool), v, now, ALL);
const daysAgo = (d: number) => now - d * 86_400_000;

function view(likes: Record<number, number>, exposure: Record<number, number> = {}): PopularityView {
  return {
    likesOf: (id) => likes[id] ?? 0,
    maxLikes: Math.max(0, ...Object.values(likes)),
    exposureOf: (id) => exposure[id] ?? 0,
  };
}

describe('popularArm', () => {
  it('ranks the pool by likes received, skipping people nobody liked', () => {
    const pool = [1, 2, 3, 4].map((id) => man(id, { createdAt: daysAgo(30) }));
    // 9 is the most liked overall but not eligible (not in the pool): it still sets the scale.
    const popular = (likes: Record<number, number>, n: number) => {
      const v = view(likes);
      return popularArm(columns(pool, v), v.maxLikes, n);
    };
    expect(popular({ 1: 5, 3: 20, 4: 5, 9: 40 }, 10)).toEqual([
      { id: 3, score: 0.5 },
      { id: 1, score: 0.125 },
      { id: 4, score: 0.125 },
    ]);
    expect(popular({ 1: 5, 3: 20 }, 1).map((x) => x.id)).toEqual([3]);
    expect(popular({ 1: 5 }, 0)).toEqual([]);
    expect(
      popularArm(
        poolColumns(profile(1), PoolRows.of(profile(1), pool), view({ 1: 5 }), now, { ...ALL, popular: false }),
        5,
        10,
      ),
    ).toEqual([]);
  });
});

describe('freshArm', () => {
  it('prefers new and rarely shown profiles', () => {
    const pool = [
      man(1, { createdAt: daysAgo(1) }),
      man(2, { createdAt: daysAgo(1) }),
      man(3, { createdAt: daysAgo(90) }),
    ];
    const out = freshArm(columns(pool, view({}, { 2: 100 })), 3);
    // 2 is new but already shown 100 times; 3 is old but never shown: exposure decides.
    expect(out.map((x) => x.id)).toEqual([1, 3, 2]);
    expect(freshArm(columns(pool, view({}, { 2: 1 })), 3).map((x) => x.id)).toEqual([1, 2, 3]);
    expect(out[0].score).toBeGreaterThan(0.9);
    expect(freshArm(columns(pool, view({})), 1)).toHaveLength(1);
  });
});

describe('contentArm', () => {
  const viewer = profile(1, { interests: ['hiking', 'jazz', 'chess'], ageMin: 26, ageMax: 34 });
  it('scores shared interests most, then age closeness, then nearness', () => {
    const both = man(2, { interests: ['hiking', 'jazz'] });
    const one = man(3, { interests: ['jazz', 'golf'] });
    const none = man(4, { interests: ['golf'] });
    const older = man(5, { interests: ['golf'], age: 34 });
    const far = man(6, { interests: ['golf'], latitude: 53.55, longitude: 9.99 });
    const expected = contentArm(columns([none, one, both, older, far], view({}), viewer), 10);
    expect(expected.map((x) => x.id)).toEqual([2, 3, 4, 6, 5]);
    // The same scores from the table's interest ids as from the words.
    const table = new ProfileTable();
    for (const p of [viewer, none, one, both, older, far].map((p) => ({ ...p }))) table.upsert(p);
    expect(table.get(2)!.interestKeys).toHaveLength(2);
    expect(
      contentArm(
        columns(
          [4, 3, 2, 5, 6].map((id) => table.get(id)!),
          view({}),
          table.get(1)!,
        ),
        10,
      ),
    ).toEqual(expected);
    // Cosine of the sets: 2 shared of 3 and 2 -> 2/sqrt(6); same place (1), same age (1).
    expect(contentScore(viewer, interestSet(viewer), both)).toBeCloseTo(0.6 * (2 / Math.sqrt(6)) + 0.25 + 0.15, 10);
    // Unknown location: a neutral half for nearness.
    expect(contentScore(viewer, interestSet(viewer), man(7, { latitude: null, longitude: null }))).toBeCloseTo(
      0.25 + 0.075,
      10,
    );
    // Interests compare as the features compare them: case, spaces and repeats aside.
    const shouting = man(8, { interests: viewer.interests.map((t) => ` ${t.toUpperCase()}`).concat(viewer.interests) });
    expect(contentScore(viewer, interestSet(viewer), shouting)).toBeCloseTo(0.6 + 0.25 + 0.15, 10);
  });

  it("scores from the table's columns exactly as contentScore does from the profiles, whatever the number of interests", () => {
    const words = Array.from({ length: 40 }, (_, i) => `topic ${i}`);
    const many = profile(1, { interests: words.slice(0, 25), ageMin: 20, ageMax: 40 });
    const table = new ProfileTable();
    table.upsert(many);
    // 0 to 30 interests (more than the bucket keeps inline from 17 on), ages, places, some unknown.
    for (let id = 2; id < 200; id++) {
      const lat = id % 7 === 0 ? null : 52 + (id % 13) / 10;
      table.upsert(
        man(id, {
          interests: words.slice(id % 10, (id % 10) + (id % 31)),
          age: 20 + (id % 21),
          latitude: lat,
          longitude: lat === null ? null : 13 + (id % 11) / 10,
        }),
      );
    }
    for (const viewer of [
      many,
      profile(300, { interests: ['topic 3', 'jazz'] }),
      profile(301, { latitude: null, longitude: null }),
    ]) {
      table.upsert(viewer);
      const pool = table.eligible(new EligibilityCheck(table.get(viewer.id)!, {}, new Set()));
      expect(pool.size).toBeGreaterThan(50);
      expect(pool.profiles().some((c) => c.interests.length > 16)).toBe(true);
      const cols = poolColumns(table.get(viewer.id)!, pool, view({}), now, ALL);
      const set = interestSet(table.get(viewer.id)!);
      pool.profiles().forEach((c, k) => {
        expect(cols.ids[k]).toBe(c.id);
        expect(cols.content![k]).toBeCloseTo(contentScore(viewer, set, c), 12);
      });
    }
  });
});

describe('reciprocalArm', () => {
  it('keeps eligible likers only, super likes first, then the most recent', () => {
    const table = new ProfileTable();
    const viewer = profile(1);
    for (const p of [viewer, man(2), man(3), man(4), man(5, { age: 50 })]) table.upsert(p);
    const check = new EligibilityCheck(viewer, {}, new Set([4]));
    const likers = [
      { id: 2, superLike: false, atMs: 10 },
      { id: 3, superLike: false, atMs: 20 },
      { id: 4, superLike: true, atMs: 5 }, // excluded: the viewer already answered
      { id: 5, superLike: true, atMs: 5 }, // too old for the viewer
      { id: 6, superLike: true, atMs: 5 }, // unknown (deleted)
    ];
    expect(reciprocalArm(likers, table, check, 10)).toEqual([
      { id: 3, score: 1 },
      { id: 2, score: 1 },
    ]);
    expect(reciprocalArm([...likers, { id: 2, superLike: true, atMs: 1 }].slice(1), table, check, 1)).toEqual([
      { id: 2, score: 2 },
    ]);
  });
});

describe('collaborativeArm', () => {
  const table = new ProfileTable();
  const viewer = profile(1);
  const men = [2, 3, 4, 5].map((id) => man(id));
  for (const p of [viewer, ...men, man(6, { isActive: false })]) table.upsert(p);
  const score = (id: number) => id; // the higher the id, the better the match
  const asked: string[] = [];
  const tastes: TasteModel = {
    version: 1,
    has: (id) => id === 1,
    scoreAmong: (_v, ids, n) => (
      asked.push('exact'),
      Array.from(ids, (id) => ({ id, score: score(id) }))
        .sort((a, b) => b.score - a.score)
        .slice(0, n)
    ),
    search: (_v, k, keep) => (
      asked.push('ann'),
      [6, 5, 4, 3, 2]
        .filter((id) => !keep || keep(id))
        .slice(0, k)
        .map((id) => ({ id, score: score(id) }))
    ),
  };
  const check = new EligibilityCheck(viewer, {}, new Set([5]));
  const pool = table
    .eligible(check)
    .profiles()
    .map((c) => c.id);

  it('scores a small pool exactly and searches the index with the same check for a large one', () => {
    expect(collaborativeArm(tastes, table, check, pool, 100, 2).map((x) => x.id)).toEqual([4, 3]);
    expect(collaborativeArm(tastes, table, check, pool, 1, 2).map((x) => x.id)).toEqual([4, 3]);
    expect(asked).toEqual(['exact', 'ann']);
  });

  it('is empty without a model or for a viewer the model does not know', () => {
    expect(collaborativeArm(null, table, check, pool, 100, 2)).toEqual([]);
    expect(collaborativeArm(tastes, table, new EligibilityCheck(profile(9), {}, new Set()), pool, 100, 2)).toEqual([]);
  });
});

describe('bestOf', () => {
  it('equals a full sort (score, then id), skipping -Infinity, for short and long pools', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => 1000 - i); // not in id order
    const score = (id: number) => (id % 7 === 0 ? -Infinity : (id * 7919) % 101);
    const best = (count: number, n: number) =>
      bestOf(
        count,
        n,
        (k) => ids[k],
        (k) => score(ids[k]),
      );
    const sorted = ids
      .filter((id) => score(id) !== -Infinity)
      .map((id) => ({ id, score: score(id) }))
      .sort((a, b) => b.score - a.score || a.id - b.id);
    expect(best(1000, 10)).toEqual(sorted.slice(0, 10));
    expect(best(1000, 5000)).toEqual(sorted);
    expect(best(3, 10)).toEqual(sorted.filter((x) => x.id >= 998));
    expect(best(1000, 0)).toEqual([]);
  });
});
