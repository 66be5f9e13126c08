/**
 * The acceptance bar of the whole recommender, as a regression test on a generated market: the
 * pipeline (candidate generation with the hard rules, the learned two-sided ranker, the
 * re-rank) must beat most-popular by at least 50% in nDCG@10 and in mutual-match precision@10,
 * and spread exposure more evenly (lower Gini). docs/evaluation.md has the 10,000-user figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EvaluateReport } from './run';

const ROOT = resolve(__dirname, '../..');
const MARGIN = 1.5;

describe('the whole pipeline on a generated 2,000-user market', () => {
  it('beats most-popular by 50% in nDCG@10 and MatchP@10, with a lower exposure Gini', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pipeline-quality-'));
    const out = join(dir, 'results.json');
    // One child process, as in sanity.spec.ts: jest's vm context slows the hot loops ~20x.
    const script = `
      const { generateMarket } = require('@app/offline/market/generate');
      const { main } = require('./tools/evaluate/main');
      generateMarket({ users: 2000, seed: 3, outDir: ${JSON.stringify(dir)} })
        .then((m) => main(['--interactions', m.files.interactions, '--users', m.files.users, '--k', '10', '--seed', '3',
          '--algorithms', 'popularity,pipeline', '--out', ${JSON.stringify(out)}, '--quiet'], { stdout: () => {}, stderr: (t) => process.stderr.write(t) }))
        .then((code) => { process.exitCode = code; });`;
    const r = spawnSync(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
      { cwd: ROOT, encoding: 'utf8', timeout: 240_000 },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const report = JSON.parse(readFileSync(out, 'utf8')) as EvaluateReport;
    const m = Object.fromEntries(report.results.map((x) => [x.algorithm, x.metrics]));
    expect(report.data.actorsEvaluated).toBeGreaterThan(300);
    expect(m.pipeline['ndcg@10']).toBeGreaterThanOrEqual(MARGIN * m.popularity['ndcg@10']);
    expect(m.pipeline['mutual_precision@10']).toBeGreaterThanOrEqual(MARGIN * m.popularity['mutual_precision@10']);
    expect(m.pipeline['mutual_precision@10']).toBeGreaterThan(0);
    expect(m.pipeline['gini@10']).toBeLessThan(m.popularity['gini@10']);
  }, 300_000);
});
