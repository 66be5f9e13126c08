/** Command-line parsing for `evaluate`; a bad argument is a usage error (exit code 2). */
import { parseFlags, UsageError } from '../cli/flags';
import type { CandidateMode } from '@app/offline/evaluation/evaluate';
import type { SplitKind } from '@app/offline/evaluation/split';

export interface EvaluateArgs {
  interactions: string;
  users: string | null;
  truth: string | null;
  split: SplitKind;
  testFraction: number;
  ks: number[];
  seed: number;
  /** null = the default set (the baselines, plus truth when --truth is given). */
  algorithms: string[] | null;
  out: string | null;
  chart: string | null;
  maxActors: number;
  candidates: CandidateMode;
  quiet: boolean;
}

/** A bad command line: reported with the usage text, exit code 2. */
export { UsageError };

export const USAGE = `Usage: evaluate --interactions <file.csv> [options]

  --interactions <file.csv>   swipes, header actor_id,target_id,type,timestamp (required)
  --users <users.jsonl>       user profiles (needed by --truth and --candidates compatible)
  --truth <truth.json>        hidden truth of a generated market: adds algorithm "truth" and truth_ndcg@K
  --split random|temporal     random (seeded, default) or the latest fraction by time as test
  --test-fraction <f>         share of interactions held out (default 0.2)
  --k <list>                  cut-offs, e.g. 10,20 (default)
  --seed <int>                seed of the split, the actor sample and random baseline (default 42)
  --algorithms <list>         e.g. random,popularity,itemknn,truth (default: all baselines, truth if --truth)
  --max-actors <n>            evaluate at most n test actors, seeded sample (default 2000)
  --candidates all|compatible rank every known user (default) or only mutually compatible ones
  --out <results.json>        write every figure and the parameters as JSON
  --chart <results.svg>       write a bar chart (default: next to --out, same name, .svg)
  --quiet                     no progress messages on stderr
`;

function int(name: string, v: string, min: number): number {
  const x = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(x) || x < min)
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${v}"`);
  return x;
}

/** Parses argv (without node and script); throws UsageError, or returns null for --help. */
export function parseArgs(argv: string[]): EvaluateArgs | null {
  const raw = parseFlags(argv, {
    values: [
      'interactions',
      'users',
      'truth',
      'split',
      'test-fraction',
      'k',
      'seed',
      'algorithms',
      'max-actors',
      'candidates',
      'out',
      'chart',
    ],
    booleans: ['help', 'quiet'],
  });
  if (raw.has('help')) return null;
  const interactions = raw.get('interactions');
  if (!interactions) throw new UsageError('--interactions is required');
  const split = raw.get('split') ?? 'random';
  if (split !== 'random' && split !== 'temporal')
    throw new UsageError(`--split must be random or temporal, got "${split}"`);
  const testFraction = Number(raw.get('test-fraction') ?? '0.2');
  if (!(testFraction > 0 && testFraction < 1))
    throw new UsageError(`--test-fraction must be in (0, 1), got "${raw.get('test-fraction')}"`);
  const ks = (raw.get('k') ?? '10,20').split(',').map((k) => int('k', k.trim(), 1));
  const candidates = raw.get('candidates') ?? 'all';
  if (candidates !== 'all' && candidates !== 'compatible')
    throw new UsageError(`--candidates must be all or compatible, got "${candidates}"`);
  const truth = raw.get('truth') ?? null;
  const users = raw.get('users') ?? null;
  if (truth && !users) throw new UsageError('--truth needs --users (the truth scorer reads the profiles)');
  if (candidates === 'compatible' && !users) throw new UsageError('--candidates compatible needs --users');
  const out = raw.get('out') ?? null;
  const chart = raw.get('chart') ?? (out ? out.replace(/\.json$/i, '') + '.svg' : null);
  return {
    interactions,
    users,
    truth,
    split,
    testFraction,
    ks: [...new Set(ks)].sort((a, b) => a - b),
    seed: int('seed', raw.get('seed') ?? '42', 0),
    algorithms: raw.has('algorithms')
      ? raw
          .get('algorithms')!
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : null,
    out,
    chart,
    maxActors: int('max-actors', raw.get('max-actors') ?? '2000', 1),
    candidates,
    quiet: raw.has('quiet'),
  };
}
