/**
 * npm run chaos [-- --quick] [--out <file.json>]: faults under load on a private stack (run.ts);
 * prints the figures, writes them as JSON, and exits 1 when a swipe was lost or duplicated, the
 * counters did not converge, or a consumer did not resume. --quick is the short run `npm test`
 * makes (10 s windows, 25 operations a second); without it, 30 s windows at 40 a second.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { cleanupAll, releaseOnSignals } from '../bench/children';
import { describe, FULL, LOG_DIR, QUICK, runChaos } from './run';

async function main(argv: string[]): Promise<number> {
  const unknown = argv.filter((a, i) => !['--quick', '--out'].includes(a) && argv[i - 1] !== '--out');
  if (unknown.length) {
    process.stderr.write(`chaos: unknown argument(s) ${unknown.join(' ')} (use --quick, --out <file>)\n`);
    return 2;
  }
  const out = argv.includes('--out') ? argv[argv.indexOf('--out') + 1] : null;
  if (argv.includes('--out') && !out) {
    process.stderr.write('chaos: --out needs a file\n');
    return 2;
  }
  releaseOnSignals();
  try {
    const options = { ...(argv.includes('--quick') ? QUICK : FULL), logDir: LOG_DIR };
    const report = await runChaos(options, (line) => process.stderr.write(`[chaos] ${line}\n`));
    process.stdout.write(`${describe(report)}\n`);
    if (out) {
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
    }
    const ok =
      report.swipes.lost === 0 &&
      report.swipes.duplicated === 0 &&
      report.counters.converged &&
      report.consumers.resumed;
    return ok ? 0 : 1;
  } finally {
    await cleanupAll();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`chaos: ${err.stack ?? err.message}\n`);
    void cleanupAll().finally(() => process.exit(1));
  },
);
