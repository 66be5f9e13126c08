import { generateCandidates, type GenerationInput } from './generate';
import { man, profile } from './profile.fixture';
import { ProfileTable } from './profile-table';

const NOW = Date.parse('2025-01-31T00:00:00Z');
const DAY = 86_400_000;

function input(over: Partial<GenerationInput> = {}): GenerationInput {
  const table = new ProfileTable();
  const viewer = profile(1, { interests: ['jazz'] });
  table.upsert(viewer);
  for (let id = 2; id <= 40; id++)
    table.upsert(man(id, { interests: id % 3 === 0 ? ['jazz'] : ['golf'], createdAt: NOW - id * DAY }));
  table.upsert(profile(41)); // not eligible: a woman
  return {
    table,
    viewer,
    filters: {},
    relations: { excluded: new Set([2, 3]), likers: [{ id: 7, superLike: true, atMs: NOW }], swipes: 2 },
    k: 10,
    tastes: null,
    popularity: { likesOf: (id) => (id % 5 === 0 ? id : 0), maxLikes: 40, exposureOf: () => 0 },
    exactPoolMax: 5000,
    nowMs: NOW,
    ...over,
  };
}

describe('generateCandidates', () => {
  it('returns k distinct eligible people, tagged by the arms that found them', () => {
    const { candidates, coldStart, poolSize } = generateCandidates(input());
    expect(poolSize).toBe(37); // 2..40 minus the two excluded
    expect(coldStart).toBe(false);
    const ids = candidates.map((c) => c.user_id);
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
    for (const id of ids) expect(id >= 4 && id <= 40).toBe(true);
    expect(candidates.find((c) => c.user_id === 7)).toMatchObject({ scores: { reciprocal: 2 }, liked_viewer: true });
    // Who liked the viewer is said on every candidate, whichever arm placed them.
    expect(candidates.filter((c) => c.liked_viewer).map((c) => c.user_id)).toEqual([7]);
    expect(candidates.find((c) => c.user_id === 6)!.sources).toContain('content'); // shares jazz
    expect(candidates.some((c) => c.sources.includes('exploration'))).toBe(true);
  });

  it('serves a viewer with no swipes from content and popularity', () => {
    const { candidates, coldStart } = generateCandidates(
      input({ relations: { excluded: new Set(), likers: [], swipes: 0 }, k: 30 }),
    );
    expect(coldStart).toBe(true);
    expect(candidates.find((c) => c.user_id === 40)).toMatchObject({ scores: { exploration: 1 } }); // the most liked
    expect(candidates.every((c) => !c.sources.includes('collaborative'))).toBe(true);
  });

  it('returns nobody when the filters leave no one', () => {
    expect(generateCandidates(input({ filters: { interest: 'chess' } })).candidates).toEqual([]);
  });
});
