import { decideActivation, PRIMARY_METRICS, selectArtifactsToDelete } from './registry-rules';

describe('decideActivation', () => {
  const auc = PRIMARY_METRICS.ranker;
  it('activates the first version and one at least as good as the active', () => {
    expect(decideActivation(auc, 0.6, null).activate).toBe(true);
    expect(decideActivation(auc, 0.7, 0.7).activate).toBe(true);
    expect(decideActivation(auc, 0.71, 0.7).activate).toBe(true);
  });
  it('rejects a worse or unscorable candidate, replaces an unscorable active', () => {
    const worse = decideActivation(auc, 0.69, 0.7);
    expect(worse.activate).toBe(false);
    expect(worse.reason).toContain('worse');
    expect(decideActivation(auc, NaN, 0.5).activate).toBe(false);
    expect(decideActivation(auc, 0.5, NaN).activate).toBe(true);
  });
  it('judges embeddings by nDCG@10 (candidate generation) and the ranker by AUC, naming the metric', () => {
    expect(PRIMARY_METRICS).toEqual({
      embeddings: { name: 'ndcg_at_10', higherIsBetter: true },
      ranker: { name: 'auc', higherIsBetter: true },
    });
    expect(decideActivation(PRIMARY_METRICS.embeddings, 0.12, 0.05).reason).toBe(
      'at least as good: ndcg_at_10 0.1200 vs active 0.0500 on the same held-out slice',
    );
  });
  it('honours lower-is-better metrics', () => {
    const loss = { name: 'log_loss', higherIsBetter: false };
    expect(decideActivation(loss, 0.3, 0.4).activate).toBe(true);
    expect(decideActivation(loss, 0.5, 0.4).activate).toBe(false);
  });
});

describe('selectArtifactsToDelete', () => {
  it('keeps the active, training and newest N retired artifacts; frees the rest', () => {
    const versions = [
      { version: 1, status: 'retired' as const, hasArtifact: true },
      { version: 2, status: 'retired' as const, hasArtifact: true },
      { version: 3, status: 'rejected' as const, hasArtifact: true },
      { version: 4, status: 'retired' as const, hasArtifact: true },
      { version: 5, status: 'retired' as const, hasArtifact: true },
      { version: 6, status: 'active' as const, hasArtifact: true },
      { version: 7, status: 'training' as const, hasArtifact: false },
      { version: 8, status: 'failed' as const, hasArtifact: false },
    ];
    expect(selectArtifactsToDelete(versions, 3)).toEqual([1, 3]);
    expect(selectArtifactsToDelete(versions, 0)).toEqual([1, 2, 3, 4, 5]);
  });
});
