/**
 * `market`: writes a synthetic dating market (users.jsonl, interactions.csv, truth.json).
 *   npx ts-node -T -r tsconfig-paths/register tools/market/main.ts --users 100000 --seed 7 --out data/market
 *   ... --regime events --users 600 --seed 1 --out data/events   (speed-dating events)
 * Exit codes: 0 done, 1 failure while generating, 2 bad usage.
 */
import { generateEventsMarket } from '@app/offline/market/events';
import { generateMarket } from '@app/offline/market/generate';
import { USAGE, UsageError, parseMarketArgs, type MarketArgs } from './args';

/** Where the command writes: the result (stdout) and messages (stderr). */
export interface MarketIo {
  out: (text: string) => void;
  log: (msg: string) => void;
}

const PROCESS_IO: MarketIo = { out: (t) => process.stdout.write(t), log: (m) => process.stderr.write(m + '\n') };

/** Runs the command with argv (without node and script); returns the exit code. */
export async function runMarket(argv: string[], io: MarketIo = PROCESS_IO): Promise<number> {
  const { out, log } = io;
  let args: MarketArgs | null;
  try {
    args = parseMarketArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      log(`market: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  if (!args) {
    out(USAGE);
    return 0;
  }
  const began = Date.now();
  try {
    const generate = args.regime === 'events' ? generateEventsMarket : generateMarket;
    const result = await generate({
      users: args.users,
      seed: args.seed,
      outDir: args.out,
      days: args.days,
      okcupidPath: args.okcupid,
      onProgress: args.quiet ? undefined : (m) => log(`market: ${m}`),
    });
    const seconds = (Date.now() - began) / 1000;
    // maxRSS is the process's peak resident set (kB on Linux), the figure that matters for sizing.
    const peakMb = Math.round(process.resourceUsage().maxRSS / 1024);
    out(JSON.stringify({ ...result, seconds, peakRssMb: peakMb }) + '\n');
    return 0;
  } catch (e) {
    log(`market: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

if (require.main === module) {
  runMarket(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (e) => {
      process.stderr.write(`market: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
