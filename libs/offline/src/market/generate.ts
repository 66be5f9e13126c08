/**
 * Generates a synthetic dating market: users.jsonl (API user shape), interactions.csv (swipes in
 * time order) and truth.json (hidden traits and settings). Profiles are built twice, once for the
 * simulation's compact arrays and once when written, to avoid holding N objects in memory.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { DEFAULT_WEIGHTS, LATENT_DIMS, SIMULATION_DEFAULTS } from './behaviour';
import { cityCountFor } from './cities';
import { INTEREST_VOCABULARY } from './interests';
import { MarketModel } from './model';
import { defaultOkcupidPath, loadOkcupid } from './okcupid';
import { STREAM, assignRows, buildPerson, drawJoinTimes } from './profiles';
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import { simulate } from './simulate';
import type { AppGeneration, MarketGenerationBase, MarketRegime, MarketTruth } from './truth.types';
import {
  ChunkedWriter,
  INTERACTIONS_HEADER,
  writeSwipes,
  writeTruthHead,
  writeTruthPerson,
  writeTruthTail,
} from './writers';

/** Smallest and largest market the generator accepts in-process (the CLI asks for >= 1,000). */
export const MIN_USERS = 100;
export const MAX_USERS = 1_000_000;
export const MAX_DAYS = 3650;
/** Day 0 of every market, fixed so that output depends on the seed only. */
export const MARKET_START_MS = Date.UTC(2024, 0, 1);
const DAY_MS = 86_400_000;
/** Who has not opened the app for this long may have deactivated their account. */
const DORMANT_DAYS = 21;
/** Profile passes report every this many people (they take tens of seconds at a million). */
const PROGRESS_EVERY = 100_000;

/** Options of `generateMarket`. */
export interface GenerateMarketOptions {
  users: number;
  seed: number;
  outDir: string;
  /** Path to profiles_revised.csv.zip; defaults to data/okcupid/ in the repo. */
  okcupidPath?: string;
  /** Simulated days (default 60). */
  days?: number;
  onProgress?: (msg: string) => void;
}

/** What `generateMarket` wrote. */
export interface GenerateMarketResult {
  users: number;
  interactions: number;
  files: { users: string; interactions: string; truth: string };
}

/** The repo root: the nearest folder above this file holding package.json (works from dist/ too). */
export function findRepoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
  return dir;
}

/** Throws a clear error for option values the generator cannot honour. */
export function checkOptions(o: GenerateMarketOptions): void {
  if (!Number.isInteger(o.users) || o.users < MIN_USERS || o.users > MAX_USERS) {
    throw new Error(`users must be an integer between ${MIN_USERS} and ${MAX_USERS}, got ${o.users}`);
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    throw new Error(`seed must be an integer between 0 and 4294967295, got ${o.seed}`);
  }
  if (o.days !== undefined && (!Number.isInteger(o.days) || o.days < 1 || o.days > MAX_DAYS)) {
    throw new Error(`days must be an integer between 1 and ${MAX_DAYS}, got ${o.days}`);
  }
  if (!o.outDir) throw new Error('outDir is required');
}

/** Generates a market into `outDir` (created if missing); deterministic for a given seed. */
/** The three files of a market in `outDir` (created), and the interactions file opened with its header. */
export async function openMarketFiles(
  outDir: string,
): Promise<{ files: GenerateMarketResult['files']; interactions: ChunkedWriter }> {
  mkdirSync(outDir, { recursive: true });
  const files = {
    users: join(outDir, 'users.jsonl'),
    interactions: join(outDir, 'interactions.csv'),
    truth: join(outDir, 'truth.json'),
  };
  const interactions = new ChunkedWriter(files.interactions);
  await interactions.write(INTERACTIONS_HEADER);
  return { files, interactions };
}

/** The settings every regime records, from what each knows. */
export function generationBase<R extends MarketRegime>(
  regime: R,
  o: { seed: number; users: number; days: number; okcupidPath: string; okcupidRows: number; cities: number },
): MarketGenerationBase & { regime: R } {
  return {
    regime,
    seed: o.seed,
    users: o.users,
    days: o.days,
    start: new Date(MARKET_START_MS).toISOString(),
    end: new Date(MARKET_START_MS + o.days * DAY_MS).toISOString(),
    okcupidFile: basename(o.okcupidPath),
    okcupidRows: o.okcupidRows,
    cities: o.cities,
  };
}

export async function generateMarket(options: GenerateMarketOptions): Promise<GenerateMarketResult> {
  checkOptions(options);
  const { users: n, seed } = options;
  const progress = options.onProgress ?? (() => undefined);
  const okcupidPath = resolve(options.okcupidPath ?? defaultOkcupidPath(findRepoRoot()));
  const rows = loadOkcupid(okcupidPath);
  const days = options.days ?? SIMULATION_DEFAULTS.days;
  const generation: AppGeneration = {
    ...generationBase('app', { seed, users: n, days, okcupidPath, okcupidRows: rows.length, cities: cityCountFor(n) }),
    initialShare: SIMULATION_DEFAULTS.initialShare,
    initialSpanDays: SIMULATION_DEFAULTS.initialSpanDays,
    activityFloor: SIMULATION_DEFAULTS.activityFloor,
    feedInboundShare: SIMULATION_DEFAULTS.feedInboundShare,
    feedPopularShare: SIMULATION_DEFAULTS.feedPopularShare,
    blockRate: SIMULATION_DEFAULTS.blockRate,
    lapseDays: SIMULATION_DEFAULTS.lapseDays,
  };

  progress(`building ${n} profiles from ${rows.length} OkCupid rows`);
  const assignment = assignRows(seed, n, rows.length);
  const joinMs = drawJoinTimes(seed, n, MARKET_START_MS, days, generation.initialShare, generation.initialSpanDays);
  const model = new MarketModel(n, LATENT_DIMS, DEFAULT_WEIGHTS, INTEREST_VOCABULARY);
  const city = new Uint8Array(n);
  const activity = new Float64Array(n);
  const decayDays = new Float64Array(n);
  const swipesPerSession = new Float64Array(n);
  const superLikeRate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % PROGRESS_EVERY === 0) progress(`built ${i}/${n} profiles`);
    const p = buildPerson(seed, i, rows[assignment.row[i]], assignment.resampled(i), joinMs[i], generation.cities);
    model.setPublic(i, p.user);
    model.setHidden(i, p.hidden);
    city[i] = p.city;
    activity[i] = p.hidden.activity;
    decayDays[i] = p.hidden.activityDecayDays;
    swipesPerSession[i] = p.hidden.swipesPerSession;
    superLikeRate[i] = p.hidden.superLikeRate;
  }

  const { files, interactions } = await openMarketFiles(options.outDir);
  const result = await simulate({
    model,
    city,
    joinMs,
    activity,
    decayDays,
    swipesPerSession,
    superLikeRate,
    seed,
    startMs: MARKET_START_MS,
    generation,
    emitDay: (swipes, order) => writeSwipes(interactions, swipes, order),
    onProgress: progress,
  });
  await interactions.close();

  progress(`writing ${n} users and the truth`);
  const usersOut = new ChunkedWriter(files.users);
  const truthOut = new ChunkedWriter(files.truth);
  const head: Omit<MarketTruth, 'people'> = {
    format: 'dating-market-truth',
    version: 1,
    dims: LATENT_DIMS,
    weights: DEFAULT_WEIGHTS,
    generation,
    summary: result.summary,
  };
  await writeTruthHead(truthOut, head);
  const endMs = MARKET_START_MS + days * DAY_MS;
  const finalRng = new SeededRandom(seed, STREAM.final);
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % PROGRESS_EVERY === 0) progress(`wrote ${i}/${n} users`);
    const last = Math.max(result.lastActiveMs[i], joinMs[i]);
    const dormant = endMs - last > DORMANT_DAYS * DAY_MS;
    const isActive = !finalRng.chance(dormant ? 0.5 : 0.01);
    const updatedMs = Math.floor((joinMs[i] + finalRng.next() * (last - joinMs[i])) / 1000) * 1000;
    const p = buildPerson(seed, i, rows[assignment.row[i]], assignment.resampled(i), joinMs[i], generation.cities, {
      lastActiveMs: last,
      isActive,
      updatedMs,
    });
    await usersOut.write(JSON.stringify(p.user) + '\n');
    await writeTruthPerson(truthOut, p.hidden, i === n - 1);
  }
  await writeTruthTail(truthOut);
  await Promise.all([usersOut.close(), truthOut.close()]);
  const s = result.summary;
  progress(
    `done: ${n} users, ${s.interactions} swipes (${s.likes + s.superLikes} likes, ${s.matches} matches, ` +
      `${s.swipers} people swiped)`,
  );
  return { users: n, interactions: s.interactions, files };
}
