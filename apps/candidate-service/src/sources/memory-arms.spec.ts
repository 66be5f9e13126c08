import { freshArm, popularArm, type PopularityView } from './memory-arms';

const now = new Date('2025-01-31T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

function view(likes: Record<number, number>, exposure: Record<number, number> = {}): PopularityView {
  return {
    likesOf: (id) => likes[id] ?? 0,
    maxLikes: Math.max(0, ...Object.values(likes)),
    exposureOf: (id) => exposure[id] ?? 0,
  };
}

describe('popularArm', () => {
  it('ranks the pool by likes received, skipping people nobody liked', () => {
    const pool = [1, 2, 3, 4].map((id) => ({ id, createdAt: daysAgo(30) }));
    // 9 is the most liked overall but not eligible (not in the pool): it still sets the scale.
    const out = popularArm(view({ 1: 5, 3: 20, 4: 5, 9: 40 }), pool, 10);
    expect(out).toEqual([{ id: 3, score: 0.5 }, { id: 1, score: 0.125 }, { id: 4, score: 0.125 }]);
    expect(popularArm(view({ 1: 5, 3: 20 }), pool, 1).map((x) => x.id)).toEqual([3]);
    expect(popularArm(view({ 1: 5 }), pool, 0)).toEqual([]);
  });
});

describe('freshArm', () => {
  it('prefers new and rarely shown profiles', () => {
    const pool = [
      { id: 1, createdAt: daysAgo(1) },
      { id: 2, createdAt: daysAgo(1) },
      { id: 3, createdAt: daysAgo(90) },
    ];
    const out = freshArm(view({}, { 2: 100 }), pool, 3, now);
    // 2 is new but already shown 100 times; 3 is old but never shown: exposure decides.
    expect(out.map((x) => x.id)).toEqual([1, 3, 2]);
    expect(freshArm(view({}, { 2: 1 }), pool, 3, now).map((x) => x.id)).toEqual([1, 2, 3]);
    expect(out[0].score).toBeGreaterThan(0.9);
    expect(freshArm(view({}), pool, 1, now)).toHaveLength(1);
  });
});
