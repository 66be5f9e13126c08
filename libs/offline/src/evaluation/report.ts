/**
 * Presentation of evaluation results: a terminal table, and an SVG chart written by hand (a
 * charting dependency for a handful of bars is not worth its weight).
 */
import { formatTable } from '../report/table';
import type { AlgorithmResult } from './evaluate';

const fmt = (v: number | undefined): string => (v === undefined ? '' : Number.isNaN(v) ? 'n/a' : v.toFixed(4));

/** One table per K (accuracy, matches, exposure) plus one for AUC and timings. */
export function resultsTable(results: AlgorithmResult[], ks: number[]): string {
  const hasTruth = results.some((r) => Object.keys(r.metrics).some((k) => k.startsWith('truth_ndcg@')));
  const blocks = ks.map((k) => {
    const cols: [string, string][] = [
      [`P@${k}`, `precision@${k}`],
      [`R@${k}`, `recall@${k}`],
      [`nDCG@${k}`, `ndcg@${k}`],
      [`HR@${k}`, `hit_rate@${k}`],
      [`MatchP@${k}`, `mutual_precision@${k}`],
      [`Cov@${k}`, `coverage@${k}`],
      [`Gini@${k}`, `gini@${k}`],
      ...(hasTruth ? ([[`TruthNDCG@${k}`, `truth_ndcg@${k}`]] as [string, string][]) : []),
    ];
    return formatTable(
      ['algorithm', ...cols.map((c) => c[0])],
      results.map((r) => [r.algorithm, ...cols.map((c) => fmt(r.metrics[c[1]]))]),
    );
  });
  const other = formatTable(
    ['algorithm', 'AUC', 'AUC/actor', 'fit s', 'score s'],
    results.map((r) => [
      r.algorithm,
      fmt(r.metrics.auc),
      fmt(r.metrics.auc_per_actor),
      r.fitSeconds.toFixed(2),
      r.scoreSeconds.toFixed(2),
    ]),
  );
  const withPairs = results.filter((r) => Number.isFinite(r.metrics.like_auc));
  const pairs = withPairs.length
    ? [
        formatTable(
          ['algorithm', 'like AUC', 'like log loss', 'like ECE', 'match AUC'],
          withPairs.map((r) => [
            r.algorithm,
            fmt(r.metrics.like_auc),
            fmt(r.metrics.like_log_loss),
            fmt(r.metrics.like_calibration_error),
            fmt(r.metrics.match_auc),
          ]),
        ),
      ]
    : [];
  return [...blocks, other, ...pairs].join('\n\n');
}

/** A markdown table of the same figures (for docs), one row per algorithm. */
export function markdownTable(results: AlgorithmResult[], keys: string[]): string {
  const head = `| algorithm | ${keys.join(' | ')} |`;
  const sep = `|---|${keys.map(() => '---:').join('|')}|`;
  return [
    head,
    sep,
    ...results.map((r) => `| ${r.algorithm} | ${keys.map((k) => fmt(r.metrics[k])).join(' | ')} |`),
  ].join('\n');
}

const PALETTE = [
  '#4e79a7',
  '#f28e2b',
  '#59a14f',
  '#e15759',
  '#76b7b2',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];
const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Grouped bar chart: one panel per metric (rows = K, columns = nDCG, match precision, coverage,
 * Gini, truth nDCG when present), one bar per algorithm. Each panel has its own y scale, since
 * nDCG is often a few hundredths while coverage is near 1.
 */
export function resultsSvg(results: AlgorithmResult[], ks: number[], title: string): string {
  const hasTruth = results.some((r) => Object.keys(r.metrics).some((k) => k.startsWith('truth_ndcg@')));
  const metrics: [string, string, boolean][] = [
    ['nDCG', 'ndcg', false],
    ['mutual-match precision', 'mutual_precision', false],
    ['catalogue coverage', 'coverage', true],
    ['exposure Gini', 'gini', true],
    ...(hasTruth ? ([['nDCG vs hidden truth', 'truth_ndcg', true]] as [string, string, boolean][]) : []),
  ];
  const pw = 230;
  const ph = 200;
  const top = 60;
  const left = 20;
  const legendH = 24;
  const width = left * 2 + metrics.length * pw;
  const height = top + ks.length * ph + legendH + 10;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  results.forEach((r, i) => {
    const x = left + i * 130;
    const y = 40;
    out.push(
      `<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${PALETTE[i % PALETTE.length]}"/>`,
      `<text x="${x + 14}" y="${y}">${esc(r.algorithm)}</text>`,
    );
  });
  ks.forEach((k, row) => {
    metrics.forEach(([label, key, unit], col) => {
      const x0 = left + col * pw + 35;
      const y0 = top + row * ph + 40;
      const w = pw - 50;
      const h = ph - 70;
      const vals = results.map((r) => r.metrics[`${key}@${k}`] ?? 0);
      const max = unit ? 1 : Math.max(1e-9, ...vals) * 1.15;
      out.push(
        `<text x="${x0 + w / 2}" y="${y0 - 22}" text-anchor="middle" font-weight="bold">${esc(`${label} @${k}`)}</text>`,
        `<line x1="${x0}" y1="${y0 + h}" x2="${x0 + w}" y2="${y0 + h}" stroke="#333"/>`,
        `<line x1="${x0}" y1="${y0}" x2="${x0}" y2="${y0 + h}" stroke="#333"/>`,
        `<text x="${x0 - 4}" y="${y0 + 4}" text-anchor="end" fill="#555">${max.toPrecision(2)}</text>`,
        `<text x="${x0 - 4}" y="${y0 + h + 4}" text-anchor="end" fill="#555">0</text>`,
      );
      const bw = w / Math.max(1, results.length);
      vals.forEach((v, i) => {
        const safe = Number.isFinite(v) ? Math.max(0, v) : 0;
        const bh = (safe / max) * h;
        const bx = x0 + i * bw + bw * 0.1;
        out.push(
          `<rect x="${bx.toFixed(1)}" y="${(y0 + h - bh).toFixed(1)}" width="${(bw * 0.8).toFixed(1)}" height="${bh.toFixed(1)}" fill="${PALETTE[i % PALETTE.length]}"><title>${esc(`${results[i].algorithm}: ${v}`)}</title></rect>`,
          `<text x="${(bx + bw * 0.4).toFixed(1)}" y="${(y0 + h - bh - 3).toFixed(1)}" text-anchor="middle" font-size="9">${Number.isFinite(v) ? (Math.abs(v) >= 0.01 || v === 0 ? v.toFixed(3) : v.toPrecision(2)) : 'n/a'}</text>`,
        );
      });
    });
  });
  out.push('</svg>');
  return out.join('\n');
}
