/**
 * The learned pipeline against its own bias features, as regression tests on small generated
 * markets of both regimes (docs/evaluation.md has the tables): on the held-out decisions its
 * p_like must not lose to the bias-only model (the actor's openness and the target's appeal),
 * its match score p_like · p_liked_back must beat the bias-only product by 0.02, and p_like must
 * be calibrated. Training is deterministic, so these figures are the same on every run.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EvaluateReport } from './run';

const ROOT = resolve(__dirname, '../..');

function evaluateMarket(regime: 'app' | 'events', users: number, seed: number): Record<string, Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), `bias-baseline-${regime}-`));
  const out = join(dir, 'results.json');
  // One child process, as in sanity.spec.ts: jest's vm context slows the hot loops ~20x.
  const script = `
    const { generateMarket } = require('@app/offline/market/generate');
    const { generateEventsMarket } = require('@app/offline/market/events');
    const { main } = require('./tools/evaluate/main');
    const generate = ${regime === 'events' ? 'generateEventsMarket' : 'generateMarket'};
    generate({ users: ${users}, seed: ${seed}, outDir: ${JSON.stringify(dir)} })
      .then((m) => main(['--interactions', m.files.interactions, '--users', m.files.users, '--k', '10', '--seed', '${seed}',
        '--algorithms', 'bias,bias-reciprocal,pipeline', '--out', ${JSON.stringify(out)}, '--quiet'], { stdout: () => {}, stderr: (t) => process.stderr.write(t) }))
      .then((code) => { process.exitCode = code; });`;
  const r = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
    { cwd: ROOT, encoding: 'utf8', timeout: 240_000 },
  );
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const report = JSON.parse(readFileSync(out, 'utf8')) as EvaluateReport;
  expect(report.data.pairs.swipes).toBeGreaterThan(2000);
  return Object.fromEntries(report.results.map((x) => [x.algorithm, x.metrics]));
}

describe.each([
  ['app', 2000, 3],
  ['events', 1000, 7],
] as const)('the pipeline against the bias-only model, %s market of %d people', (regime, users, seed) => {
  it('never loses on like AUC, beats the bias-only match score by 0.02, and is calibrated', () => {
    const m = evaluateMarket(regime, users, seed);
    expect(m.pipeline.like_auc).toBeGreaterThan(m.bias.like_auc);
    expect(m.pipeline.match_auc).toBeGreaterThanOrEqual(m['bias-reciprocal'].match_auc + 0.02);
    expect(m.pipeline.like_calibration_error).toBeLessThan(0.04);
    // The baselines are the same model: they differ in what they rank by, not in their probabilities.
    expect(m['bias-reciprocal'].like_auc).toBe(m.bias.like_auc);
  }, 300_000);
});
