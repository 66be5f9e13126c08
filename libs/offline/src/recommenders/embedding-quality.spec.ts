import { auc } from '@app/ml/metrics/auc';
import type { Swipe } from '@app/ml/types';
import { plantedMarket, splitSwipes } from '@app/ml/embeddings/planted';
import { EmbeddingRecommender } from './embedding-recommender';

jest.setTimeout(30_000);

const N = 600;
const market = plantedMarket({ nUsers: N, swipesPerUser: 60, rank: 4, seed: 7 });
const { train, test } = splitSwipes(market.swipes, 0.2, 3);
const userIds = Array.from({ length: N }, (_, i) => i + 1);

/** Pooled held-out AUC: liked (or super liked) pairs against disliked pairs. */
function heldOutAuc(score: (actor: number, target: number) => number, swipes: Swipe[] = test): number {
  const pos: number[] = [];
  const neg: number[] = [];
  for (const s of swipes) (s.type === 'dislike' ? neg : pos).push(score(s.actor, s.target));
  return auc(pos, neg);
}

describe('embeddings on a planted low-rank market (600 users)', () => {
  const likesReceived = new Map<number, number>();
  for (const s of train) if (s.type !== 'dislike') likesReceived.set(s.target, (likesReceived.get(s.target) ?? 0) + 1);
  const popularityAuc = heldOutAuc((_, t) => likesReceived.get(t) ?? 0);
  const oracleAuc = heldOutAuc(market.trueLogit);

  it('the logistic trainer reaches a held-out AUC above 0.8 and clearly beats popularity, on both engines', async () => {
    for (const engine of ['typed', 'tfjs'] as const) {
      const rec = new EmbeddingRecommender({ collaborative: { algorithm: 'logistic', logistic: { engine, seed: 1 } } });
      await rec.fit({ swipes: train, profiles: null, userIds, nowMs: 0 });
      const embAuc = heldOutAuc((a, t) => rec.scoreTargets(a, [t])[0]);
      // Measured: 0.84 on both engines, popularity 0.54, oracle 0.91.
      expect(embAuc).toBeGreaterThan(0.8);
      expect(embAuc).toBeGreaterThan(popularityAuc + 0.2);
      expect(embAuc).toBeLessThanOrEqual(oracleAuc + 0.01);
    }
  });

  it('iALS (the default) tells held-out likes from dislikes less well, but better than popularity', async () => {
    // iALS learns who is liked among everyone, not which of the people swiped on are liked: its
    // squared loss spends the model on the unobserved pairs. Measured: 0.60 against popularity's
    // 0.54 (the logistic trainer 0.84). The ranker, not this score, decides among candidates.
    const rec = new EmbeddingRecommender({ collaborative: { ials: { seed: 1 } } });
    await rec.fit({ swipes: train, profiles: null, userIds, nowMs: 0 });
    expect(heldOutAuc((a, t) => rec.scoreTargets(a, [t])[0])).toBeGreaterThan(popularityAuc + 0.03);
  });
});
