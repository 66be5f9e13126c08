/** Command-line options of `npm run bench` (parsed with the shared tools/cli/flags.ts). */
import { parseFlags, UsageError } from '../cli/flags';

export { UsageError };

/** Size and seed of the market the full benchmark uses (docs/benchmarks.md's 100k market). */
export const DEFAULT_USERS = 100_000;
export const MARKET_SEED = 7;

/** What the load runs against: one shape of the product, or both in turn (`both`). */
export const BENCH_TARGETS = ['microservices', 'all', 'both'] as const;
export type BenchTarget = (typeof BENCH_TARGETS)[number];

export interface BenchArgs {
  /** The product's shape(s) measured: the seven apps in processes of their own, all in one, or both in turn. */
  target: BenchTarget;
  /** Market folder (users.jsonl, interactions.csv); generated with MARKET_SEED if missing and `generate`. */
  market: string;
  /** Users to generate when the folder is missing; null: --market named an existing folder. */
  generateUsers: number | null;
  /** Dedicated PostgreSQL database of the bench. */
  db: string;
  fresh: boolean;
  skipTrain: boolean;
  skipLoad: boolean;
  skipAnn: boolean;
  /** Seconds each HTTP scenario is measured, after `warmup` seconds not counted. */
  duration: number;
  warmup: number;
  connections: number;
  /** Requests per second of each fixed-rate (open-loop) scenario, in the order they run. */
  rates: number[];
  /** Distinct viewers (pre-signed tokens) of the uncached scenarios, and of the cached one. */
  viewers: number;
  cachedViewers: number;
  /** Cache TTL of the cached scenario (the product's default). */
  cacheTtl: number;
  queries: number;
  k: number;
  backends: string[];
  seed: number;
  out: string;
}

export const USAGE = `usage: npm run bench -- [options]

Measures the whole product on this machine: import, full retrain, HTTP latency through the
gateway (autocannon closed loop; fixed rates open loop), and the ANN index on the trained
vectors. Prints tables and writes JSON.

  --target <t>           what is measured: microservices (the seven apps, one process each), all
                         (every app in one process), or both (default): both in turn on the same
                         database and models, printed side by side with the liveness floor of each
  --users <N>            market size (default ${DEFAULT_USERS}); uses var/market-<N/1000>k, generated with
                         seed ${MARKET_SEED} if missing. A quick run: --users 5000 --duration 5
  --market <dir>         an existing market folder instead (users.jsonl, interactions.csv)
  --db <name>            bench database (default recsys_bench, recsys_bench_<N> for other sizes)
  --fresh                drop and re-import the database even if it holds the market
  --skip-train           keep the active models (trains anyway when there are none)
  --skip-load            no HTTP load scenarios
  --skip-ann             no ANN measurement
  --duration <s>         measured seconds per HTTP scenario (default 20)
  --warmup <s>           unmeasured seconds before each (default 5)
  --connections <n>      concurrent connections, and the fixed-rate scenarios' sockets (default 32)
  --rates <list>         requests/s of the fixed-rate scenarios, one each, e.g. 200,300,400 (default
                         300). Open loop: requests are sent on schedule whether or not earlier ones
                         have answered, latency runs from each request's intended start
  --rate <n>             one fixed rate (the same as --rates <n>)
  --viewers <n>          viewers of the uncached scenarios (default 5000)
  --cached-viewers <n>   viewers of the cached scenario (default 200)
  --cache-ttl <s>        RECOMMENDATION_CACHE_TTL_SECONDS of the cached scenario (default 60)
  --queries <n>          ANN queries (default 1000)
  --k <n>                ANN neighbours (default 100)
  --backends <list>      ANN backends (default exact,hnsw,faiss; faiss only if installed)
  --seed <n>             seed of the viewer and query samples (default 1)
  --out <file>           JSON results (default bench-results/bench.json)
`;

const VALUES = [
  'target',
  'users',
  'market',
  'db',
  'duration',
  'warmup',
  'connections',
  'rate',
  'rates',
  'viewers',
  'cached-viewers',
  'cache-ttl',
  'queries',
  'k',
  'backends',
  'seed',
  'out',
] as const;
const BOOLEANS = ['fresh', 'skip-train', 'skip-load', 'skip-ann', 'help'] as const;

function int(flags: Map<string, string>, name: string, dflt: number, min: number, max: number): number {
  const text = flags.get(name);
  if (text === undefined) return dflt;
  const x = Number(text);
  if (!/^\d+$/.test(text) || x < min || x > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${text}"`);
  return x;
}

/** --rates (or its one-value alias --rate): distinct integers from 1 to 100,000 in the given order. */
function rates(flags: Map<string, string>): number[] {
  if (flags.has('rate') && flags.has('rates')) throw new UsageError('give --rate or --rates, not both');
  const name = flags.has('rate') ? 'rate' : 'rates';
  const text = flags.get(name) ?? '300';
  const parts = name === 'rate' ? [text] : text.split(',').map((t) => t.trim());
  const out: number[] = [];
  for (const t of parts) {
    const x = Number(t);
    if (!/^\d+$/.test(t) || x < 1 || x > 100_000) {
      throw new UsageError(
        name === 'rate'
          ? `--rate must be an integer from 1 to 100000, got "${text}"`
          : `--rates takes integers from 1 to 100000 separated by commas, got "${text}"`,
      );
    }
    if (out.includes(x)) throw new UsageError(`--rates names ${x} twice`);
    out.push(x);
  }
  return out;
}

/** The folder a generated market of `users` lives in: var/market-100k, var/market-5k, var/market-2500. */
export function marketDirFor(users: number): string {
  return users % 1000 === 0 ? `var/market-${users / 1000}k` : `var/market-${users}`;
}

/**
 * Parses argv (without node and script); null for --help. The default database depends on the
 * market size so that a quick run never replaces the 100k import, which takes minutes to redo.
 */
export function parseBenchArgs(argv: string[]): BenchArgs | null {
  const flags = parseFlags(argv, { values: VALUES, booleans: BOOLEANS });
  if (flags.has('help')) return null;
  if (flags.has('users') && flags.has('market')) throw new UsageError('give --users or --market, not both');
  const users = int(flags, 'users', DEFAULT_USERS, 1000, 1_000_000);
  const market = flags.get('market') ?? marketDirFor(users);
  const db =
    flags.get('db') ??
    (flags.has('market')
      ? `recsys_bench_${sanitise(market)}`
      : users === DEFAULT_USERS
        ? 'recsys_bench'
        : `recsys_bench_${users}`);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(db))
    throw new UsageError(`--db must be a lower-case PostgreSQL identifier, got "${db}"`);
  const backends = (flags.get('backends') ?? 'exact,hnsw,faiss').split(',').filter(Boolean);
  const unknown = backends.filter((b) => !['exact', 'hnsw', 'faiss'].includes(b));
  if (unknown.length) throw new UsageError(`--backends takes exact, hnsw, faiss; unknown: ${unknown.join(', ')}`);
  const target = (flags.get('target') ?? 'both') as BenchTarget;
  if (!BENCH_TARGETS.includes(target))
    throw new UsageError(`--target takes ${BENCH_TARGETS.join(', ')}, got "${flags.get('target')}"`);
  return {
    target,
    market,
    generateUsers: flags.has('market') ? null : users,
    db,
    fresh: flags.has('fresh'),
    skipTrain: flags.has('skip-train'),
    skipLoad: flags.has('skip-load'),
    skipAnn: flags.has('skip-ann'),
    duration: int(flags, 'duration', 20, 1, 3600),
    warmup: int(flags, 'warmup', 5, 0, 600),
    connections: int(flags, 'connections', 32, 1, 1000),
    rates: rates(flags),
    viewers: int(flags, 'viewers', 5000, 1, 1_000_000),
    cachedViewers: int(flags, 'cached-viewers', 200, 1, 100_000),
    cacheTtl: int(flags, 'cache-ttl', 60, 1, 3600),
    queries: int(flags, 'queries', 1000, 1, 100_000),
    k: int(flags, 'k', 100, 1, 1000),
    backends,
    seed: int(flags, 'seed', 1, 0, 0xffffffff),
    out: flags.get('out') ?? 'bench-results/bench.json',
  };
}

/** The last folder name of a market path as an identifier part (var/market-48k -> market_48k). */
function sanitise(dir: string): string {
  const last = dir.replace(/\/+$/, '').split('/').pop() ?? 'market';
  return last
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 40);
}
