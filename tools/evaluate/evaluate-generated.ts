/**
 * For the quality specs: generate a market and evaluate algorithms on it in one child process
 * (jest's vm context slows the hot loops ~20x, see sanity.spec.ts), returning the report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { EvaluateReport } from './run';

const ROOT = resolve(__dirname, '../..');

export interface GeneratedEvaluation {
  regime: 'app' | 'events';
  users: number;
  seed: number;
  algorithms: string[];
  /** Pass the market's truth.json (for the truth algorithms). */
  truth?: boolean;
}

/** The report, or the child's exit code and error output when it failed. */
export function evaluateGenerated(o: GeneratedEvaluation): {
  report: EvaluateReport | null;
  stderr: string;
  status: number | null;
} {
  const dir = mkdtempSync(join(tmpdir(), `evaluate-${o.regime}-`));
  const out = join(dir, 'results.json');
  const generate = o.regime === 'events' ? 'generateEventsMarket' : 'generateMarket';
  const script = `
    const { generateMarket } = require('@app/offline/market/generate');
    const { generateEventsMarket } = require('@app/offline/market/events');
    const { main } = require('./tools/evaluate/main');
    ${generate}({ users: ${o.users}, seed: ${o.seed}, outDir: ${JSON.stringify(dir)} })
      .then((m) => main(['--interactions', m.files.interactions, '--users', m.files.users, ${o.truth ? "'--truth', m.files.truth, " : ''}'--k', '10', '--seed', '${o.seed}',
        '--algorithms', '${o.algorithms.join(',')}', '--out', ${JSON.stringify(out)}, '--quiet'], { stdout: () => {}, stderr: (t) => process.stderr.write(t) }))
      .then((code) => { process.exitCode = code; });`;
  const r = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', script],
    { cwd: ROOT, encoding: 'utf8', timeout: 240_000 },
  );
  if (r.status !== 0) return { report: null, stderr: r.stderr, status: r.status };
  return { report: JSON.parse(readFileSync(out, 'utf8')) as EvaluateReport, stderr: r.stderr, status: r.status };
}
