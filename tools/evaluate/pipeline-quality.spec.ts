/**
 * The acceptance bar of the whole recommender, as a regression test on a generated market: the
 * pipeline (candidate generation with the hard rules, the learned two-sided ranker, the
 * re-rank) must beat most-popular by at least 50% in nDCG@10 and in mutual-match precision@10,
 * and spread exposure more evenly (lower Gini). docs/evaluation.md has the 10,000-user figures.
 */
import { evaluateGenerated } from './evaluate-generated';

const MARGIN = 1.5;

describe('the whole pipeline on a generated 2,000-user market', () => {
  it('beats most-popular by 50% in nDCG@10 and MatchP@10, with a lower exposure Gini', () => {
    const r = evaluateGenerated({ regime: 'app', users: 2000, seed: 3, algorithms: ['popularity', 'pipeline'] });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = r.report!;
    const m = Object.fromEntries(report.results.map((x) => [x.algorithm, x.metrics]));
    expect(report.data.actorsEvaluated).toBeGreaterThan(300);
    expect(m.pipeline['ndcg@10']).toBeGreaterThanOrEqual(MARGIN * m.popularity['ndcg@10']);
    expect(m.pipeline['mutual_precision@10']).toBeGreaterThanOrEqual(MARGIN * m.popularity['mutual_precision@10']);
    expect(m.pipeline['mutual_precision@10']).toBeGreaterThan(0);
    expect(m.pipeline['gini@10']).toBeLessThan(m.popularity['gini@10']);
  }, 300_000);
});
