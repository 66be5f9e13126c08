/**
 * The learned pipeline against its own bias features, as regression tests on small generated
 * markets of both regimes (docs/evaluation.md has the tables): on the held-out decisions its
 * p_like must not lose to the bias-only model (the actor's openness and the target's appeal),
 * its match score p_like · p_liked_back must beat the bias-only product by 0.02, and p_like must
 * be calibrated. Training is deterministic, so these figures are the same on every run.
 */
import { evaluateGenerated } from './evaluate-generated';

describe.each([
  ['app', 2000, 3],
  ['events', 1000, 7],
] as const)('the pipeline against the bias-only model, %s market of %d people', (regime, users, seed) => {
  it('never loses on like AUC, beats the bias-only match score by 0.02, and is calibrated', () => {
    const r = evaluateGenerated({ regime, users, seed, algorithms: ['bias', 'bias-reciprocal', 'pipeline'] });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.report!.data.pairs.swipes).toBeGreaterThan(2000);
    const m = Object.fromEntries(r.report!.results.map((x) => [x.algorithm, x.metrics]));
    expect(m.pipeline.like_auc).toBeGreaterThan(m.bias.like_auc);
    expect(m.pipeline.match_auc).toBeGreaterThanOrEqual(m['bias-reciprocal'].match_auc + 0.02);
    expect(m.pipeline.like_calibration_error).toBeLessThan(0.04);
    // The baselines are the same model: they differ in what they rank by, not in their probabilities.
    expect(m['bias-reciprocal'].like_auc).toBe(m.bias.like_auc);
  }, 300_000);
});
