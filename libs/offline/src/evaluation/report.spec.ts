import type { AlgorithmResult } from './evaluate';
import { markdownTable, resultsSvg, resultsTable } from './report';

const result = (algorithm: string, v: number): AlgorithmResult => ({
  algorithm,
  fitSeconds: 0.5,
  scoreSeconds: 1.25,
  metrics: {
    'ndcg@10': v,
    'mutual_precision@10': v / 2,
    'coverage@10': 0.9,
    'gini@10': 0.3,
    'truth_ndcg@10': v * 2,
    auc: NaN,
    auc_per_actor: 0.6,
  },
});

describe('report', () => {
  it('prints every algorithm with its figures, n/a for NaN', () => {
    const text = resultsTable([result('random', 0.01), result('popularity', 0.05)], [10]);
    expect(text).toMatch(/^popularity\s.*0\.0500\s+0\.0250\s+0\.9000\s+0\.3000\s+0\.1000$/m);
    expect(text).toMatch(/^random\s+n\/a\s+0\.6000\s+0\.50\s+1\.25$/m);
    expect(markdownTable([result('random', 0.01)], ['ndcg@10', 'auc'])).toBe(
      '| algorithm | ndcg@10 | auc |\n|---|---:|---:|\n| random | 0.0100 | n/a |',
    );
  });

  it('draws one bar per algorithm and metric panel, with escaped labels', () => {
    const svg = resultsSvg([result('a<b', 0.01), result('pop', 0.05)], [10, 20], 'T & T');
    expect(svg).toContain('T &amp; T');
    expect(svg).toContain('a&lt;b');
    // 5 panels (truth nDCG present) x 2 cut-offs x 2 algorithms bars, plus 2 legend squares and the background.
    expect(svg.match(/<rect /g)).toHaveLength(5 * 2 * 2 + 2 + 1);
    expect(svg).toContain('>0.050<');
  });
});
