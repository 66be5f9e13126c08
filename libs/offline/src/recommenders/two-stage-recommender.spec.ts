import { rejectionReason } from '@app/ml/candidates';
import { GENDERS } from '@app/contracts';
import { type Profile, type Swipe } from '@app/ml/types';
import { TwoStageRecommender } from './two-stage-recommender';

/** A small seeded market: 60 people in two cities, with varied preferences and swipes. */
function market(): { profiles: Map<number, Profile>; swipes: Swipe[] } {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const profiles = new Map<number, Profile>();
  for (let id = 1; id <= 60; id++) {
    const gender = GENDERS[id % 2];
    const city = id % 3 === 0 ? { latitude: 48.85, longitude: 2.35 } : { latitude: 52.52, longitude: 13.4 };
    profiles.set(id, {
      id,
      age: 20 + (id % 20),
      gender,
      gendersSought: [GENDERS[(id + 1) % 2]],
      ageMin: 18,
      ageMax: 30 + (id % 15),
      ...city,
      maxDistanceKm: id % 4 === 0 ? 50 : null,
      interests: [['jazz', 'golf', 'chess'][id % 3]],
      createdAt: 0,
      isActive: id % 17 !== 0,
    });
  }
  const swipes: Swipe[] = [];
  for (let i = 0; i < 900; i++) {
    const actor = 1 + Math.floor(rnd() * 60);
    const target = 1 + Math.floor(rnd() * 60);
    if (actor === target) continue;
    const r = rnd();
    swipes.push({
      actor,
      target,
      type: r < 0.45 ? 'like' : r < 0.5 ? 'super_like' : r < 0.97 ? 'dislike' : 'block',
      ts: i * 3_600_000,
    });
  }
  return { profiles, swipes };
}

describe('TwoStageRecommender', () => {
  it('serves only people the hard rules allow, and ranks them above everyone else', async () => {
    const { profiles, swipes } = market();
    // One swipe per ordered pair, as the evaluation's dedupe guarantees.
    const last = new Map(swipes.map((s) => [`${s.actor}:${s.target}`, s]));
    const train = { swipes: [...last.values()], profiles, userIds: [...profiles.keys()], nowMs: 900 * 3_600_000 };
    const rec = new TwoStageRecommender({
      mode: 'pipeline',
      poolSize: 20,
      collaborative: { ials: { dim: 8, iterations: 2 } },
      refitEpochs: 1,
    });
    await rec.fit(train);
    let served = 0;
    for (const actor of profiles.keys()) {
      const ids = rec.serve(actor);
      served += ids.length;
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) {
        const swiped = last.get(`${actor}:${id}`);
        const blockedBack = last.get(`${id}:${actor}`)?.type === 'block';
        expect(
          rejectionReason(profiles.get(actor)!, id, profiles.get(id), {
            swiped: !!swiped,
            blocked: swiped?.type === 'block' || blockedBack,
          }),
        ).toBeNull();
      }
      const scores = rec.scoreTargets(actor, [...profiles.keys()]);
      const shown = new Set(ids);
      const minShown = Math.min(...[...profiles.keys()].filter((id) => shown.has(id)).map((id) => scores[id - 1]));
      for (const id of profiles.keys()) if (!shown.has(id)) expect(scores[id - 1]).toBeLessThan(minShown);
    }
    expect(served).toBeGreaterThan(100);
  });

  it('refuses to run without profiles', async () => {
    await expect(new TwoStageRecommender().fit({ swipes: [], profiles: null, userIds: [], nowMs: 0 })).rejects.toThrow(
      /needs profiles/,
    );
  });
});
