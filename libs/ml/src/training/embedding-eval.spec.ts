import { buildEmbeddingEvalSet, evaluateEmbeddingScorer } from './embedding-eval';

describe('evaluateEmbeddingScorer', () => {
  const users = Array.from({ length: 20 }, (_, i) => i + 1);

  it('ranks held-out likes among sampled strangers, excluding people already swiped before the cut', () => {
    const set = buildEmbeddingEvalSet(
      [
        { actor: 1, target: 2, type: 'like', ts: 5 },
        { actor: 1, target: 3, type: 'dislike', ts: 6 },
      ],
      [{ actor: 1, target: 4, type: 'like', ts: 1 }],
      users,
      { sampledCandidates: 5 },
    );
    expect(set.lists).toHaveLength(1);
    expect(set.lists[0].candidates).not.toContain(4);
    expect(set.lists[0].candidates).toHaveLength(7);
    // A scorer that puts user 2 first: perfect AUC, nDCG and recall.
    const m = evaluateEmbeddingScorer((_u, v) => (v === 2 ? 1 : 0), set);
    expect(m).toEqual({ auc: 1, ndcg_at_10: 1, recall_at_10: 1, eval_pairs: 2, eval_users: 1 });
  });

  it('leaves the ranking metrics undefined (NaN) when no held-out user liked anyone', () => {
    const set = buildEmbeddingEvalSet([{ actor: 1, target: 2, type: 'dislike', ts: 5 }], [], users);
    const m = evaluateEmbeddingScorer(() => 0, set);
    expect(m.eval_users).toBe(0);
    expect(m.ndcg_at_10).toBeNaN();
    expect(m.recall_at_10).toBeNaN();
  });
});
