/** Command-line parsing for `market`; a bad argument is a usage error (exit code 2). */
import { parseFlags, UsageError } from '../cli/flags';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { MAX_DAYS } from '@app/offline/market/generate';
import { EVENTS_MAX_USERS } from '@app/offline/market/events';
import type { MarketRegime } from '@app/offline/market/truth.types';

/** Parsed arguments of `market`. */
export interface MarketArgs {
  /** app (swipes in a dating app, the default) or events (speed-dating events). */
  regime: MarketRegime;
  users: number;
  seed: number;
  out: string;
  days: number | undefined;
  /** undefined = the default data/okcupid/profiles_revised.csv.zip in the repo. */
  okcupid: string | undefined;
  quiet: boolean;
}

export { UsageError };

/** Market sizes the command accepts (smaller ones are too thin to be a market). */
export const CLI_MIN_USERS = 1_000;
export const CLI_MAX_USERS = 1_000_000;
/** The events regime's sizes: a few events up to what placement holds in memory. */
export const CLI_EVENTS_MIN_USERS = 100;
export const CLI_EVENTS_MAX_USERS = EVENTS_MAX_USERS;

export const USAGE = `Usage: market --users <N> --out <dir> [options]

Generates a synthetic dating market from the OkCupid profiles: <dir>/users.jsonl (API user
shape), <dir>/interactions.csv (actor_id,target_id,type,timestamp in time order) and
<dir>/truth.json (hidden tastes, appeal and settings; see libs/offline/src/market/truth.types.ts).

  --users <N>          number of users, ${CLI_MIN_USERS.toLocaleString('en-US')} to ${CLI_MAX_USERS.toLocaleString('en-US')} (events: ${CLI_EVENTS_MIN_USERS} to ${CLI_EVENTS_MAX_USERS.toLocaleString('en-US')}) (required)
  --out <dir>          output folder, created if missing (required)
  --seed <int>         seed; the same seed gives byte-identical files (default 1)
  --regime <name>      app (default): people swipe feeds in a dating app; events: speed-dating
                       events of 10-25 per side where everyone decides on everyone they meet
  --days <int>         simulated days (default 60)
  --okcupid <path>     profiles_revised.csv.zip (default data/okcupid/ in the repo)
  --quiet              no progress messages on stderr
  --help               this text
`;

function int(name: string, v: string, min: number, max: number, reason = ''): number {
  const x = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isSafeInteger(x)) throw new UsageError(`--${name} must be an integer, got "${v}"`);
  if (x < min || x > max) {
    throw new UsageError(`--${name} must be between ${min} and ${max}${reason}, got ${x}`);
  }
  return x;
}

/** Parses argv (without node and script); throws UsageError, or returns null for --help. */
export function parseMarketArgs(argv: string[]): MarketArgs | null {
  const raw = parseFlags(argv, {
    values: ['users', 'seed', 'out', 'days', 'okcupid', 'regime'],
    booleans: ['help', 'quiet'],
  });
  if (raw.has('help')) return null;
  const regime = raw.get('regime') ?? 'app';
  if (regime !== 'app' && regime !== 'events') {
    throw new UsageError(`--regime must be app or events, got "${regime}"`);
  }
  const usersText = raw.get('users');
  if (usersText === undefined) throw new UsageError('--users is required');
  const users =
    regime === 'events'
      ? int('users', usersText, CLI_EVENTS_MIN_USERS, CLI_EVENTS_MAX_USERS, ' for --regime events')
      : int('users', usersText, CLI_MIN_USERS, CLI_MAX_USERS, ' (smaller markets are too thin, larger ones too slow)');
  const out = raw.get('out');
  if (!out) throw new UsageError('--out is required (the folder to write the market into)');
  const seed = raw.has('seed') ? int('seed', raw.get('seed')!, 0, 0xffffffff) : 1;
  const days = raw.has('days') ? int('days', raw.get('days')!, 1, MAX_DAYS) : undefined;
  const okcupid = raw.get('okcupid');
  if (okcupid !== undefined && !existsSync(resolve(okcupid))) {
    throw new UsageError(`--okcupid: no file at ${resolve(okcupid)} (expected profiles_revised.csv.zip)`);
  }
  return { regime, users, seed, out, days, okcupid, quiet: raw.has('quiet') };
}
