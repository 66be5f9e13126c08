/**
 * `evaluate`: offline comparison of recommendation algorithms on an interactions CSV.
 * Exit codes: 0 ok, 2 bad arguments or malformed input (message names file and line), 1 otherwise.
 */
import { InputError } from '@app/offline/evaluation/errors';
import { parseArgs, USAGE, UsageError } from './args';
import { runEvaluate } from './run';

/** Where the command writes; the process streams by default, buffers in tests. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: Io = { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) };

/** Runs the command with `argv` (without node and script) and returns its exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (!args) {
      io.stdout(USAGE);
      return 0;
    }
    const log = args.quiet ? () => {} : (msg: string) => io.stderr(`[evaluate] ${msg}\n`);
    const { text } = await runEvaluate(args, log);
    io.stdout(text);
    if (args.out) log(`wrote ${args.out}`);
    if (args.chart) log(`wrote ${args.chart}`);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`evaluate: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof InputError) {
      io.stderr(`evaluate: malformed input: ${err.message}\n`);
      return 2;
    }
    io.stderr(`evaluate: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
