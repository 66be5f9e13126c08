/**
 * MovieLens ratings as an evaluation Dataset (libs/offline/src/evaluation/data.ts).
 *
 * The harness was written for a one-population market (people swipe on people). MovieLens has two
 * populations, users and movies. Both become nodes of the one id space: users first (dense
 * indices 0..U-1), then movies (U..U+I-1). Every rating, whatever its value, is one implicit
 * positive, a `like` from the user to the movie (the usual implicit-feedback protocol).
 *
 * Who may be ranked for whom is said through the harness's own candidate filter (`--candidates
 * compatible`): each user is a profile that seeks only movies, each movie one that accepts only
 * users, so a user's candidates are exactly the movies they did not rate in training, as in the
 * standard full-ranking protocol, and never other users.
 */
import type { Dataset } from '@app/offline/evaluation/data';
import { InputError } from '@app/offline/evaluation/errors';
import type { Profile } from '@app/ml/types';

/** One file's ratings, in file order. Ids are the file's own (MovieLens ids are integers). */
export interface RatingRows {
  format: RatingsFormat;
  user: number[];
  item: number[];
  rating: number[];
  /** Epoch seconds, as MovieLens stores them. */
  ts: number[];
}

/**
 * The three layouts MovieLens has shipped: ml-100k `u.data` (tab-separated, no header),
 * ml-1m/10m `ratings.dat` (`::`-separated) and the later `ratings.csv` (header
 * userId,movieId,rating,timestamp).
 */
export type RatingsFormat = 'u.data' | 'ratings.dat' | 'ratings.csv';

const INT = /^\d{1,15}$/;
const RATING = /^\d+(\.\d+)?$/;

/** The format of a ratings file, from its first non-empty line. */
export function detectFormat(firstLine: string): RatingsFormat {
  const line = firstLine.replace(/^\uFEFF/, '').trim();
  if (/^userId,movieId,rating,timestamp$/i.test(line)) return 'ratings.csv';
  if (line.includes('::')) return 'ratings.dat';
  if (line.includes('\t')) return 'u.data';
  if (/^\d+,\d+,/.test(line)) return 'ratings.csv'; // a headerless CSV
  throw new Error(
    `unrecognised ratings format (first line "${line.slice(0, 60)}"): expected u.data, ratings.dat or ratings.csv`,
  );
}

/**
 * Parses the text of a MovieLens ratings file. `file` only names the file in error messages,
 * which carry its 1-based line number.
 */
export function parseRatings(text: string, file = 'ratings'): RatingRows {
  const lines = text.split(/\r?\n/);
  const first = lines.findIndex((l) => l.trim() !== '');
  if (first < 0) throw new InputError(file, 1, 'empty file');
  let format: RatingsFormat;
  try {
    format = detectFormat(lines[first]);
  } catch (err) {
    throw new InputError(file, first + 1, (err as Error).message);
  }
  const out: RatingRows = { format, user: [], item: [], rating: [], ts: [] };
  const header = format === 'ratings.csv' && /^\D/.test(lines[first].replace(/^\uFEFF/, ''));
  const sep = format === 'u.data' ? /\t/ : format === 'ratings.dat' ? /::/ : /,/;
  for (let i = header ? first + 1 : first; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const f = line.split(sep).map((x) => x.trim());
    const n = i + 1;
    if (f.length !== 4)
      throw new InputError(file, n, `expected 4 fields (user, item, rating, timestamp), found ${f.length}`);
    if (!INT.test(f[0])) throw new InputError(file, n, `bad user id "${f[0]}"`);
    if (!INT.test(f[1])) throw new InputError(file, n, `bad item id "${f[1]}"`);
    if (!RATING.test(f[2])) throw new InputError(file, n, `bad rating "${f[2]}"`);
    if (!INT.test(f[3])) throw new InputError(file, n, `bad timestamp "${f[3]}" (expected epoch seconds)`);
    out.user.push(Number(f[0]));
    out.item.push(Number(f[1]));
    out.rating.push(Number(f[2]));
    out.ts.push(Number(f[3]));
  }
  if (out.user.length === 0) throw new InputError(file, first + 1, 'no ratings');
  return out;
}

/** A Dataset of users and movies, with the bookkeeping to tell them apart. */
export interface MovieLensDataset {
  data: Dataset;
  nUsers: number;
  nItems: number;
  /** Dense index of the first movie (= nUsers): indices below are users, from here on movies. */
  firstItem: number;
}

const AGE = 30;

/** A profile that accepts only the other population (see the module comment). */
function sideProfile(id: number, isItem: boolean): Profile {
  return {
    id,
    age: AGE,
    gender: isItem ? 'female' : 'male',
    gendersSought: [isItem ? 'male' : 'female'],
    ageMin: AGE,
    ageMax: AGE,
    latitude: null,
    longitude: null,
    maxDistanceKm: null,
    interests: [],
    createdAt: 0,
    isActive: true,
  };
}

/**
 * The ratings as a Dataset: users then movies as nodes, each in first-seen order; one `like` per
 * (user, movie), the latest rating of a pair kept if a file repeats one (MovieLens files do not).
 * External ids are `u<userId>` and `m<movieId>`; algorithms see the dense index as the id.
 */
export function ratingsToDataset(rows: RatingRows): MovieLensDataset {
  const users = new Map<number, number>();
  const items = new Map<number, number>();
  const m = rows.user.length;
  for (let i = 0; i < m; i++) {
    if (!users.has(rows.user[i])) users.set(rows.user[i], users.size);
    if (!items.has(rows.item[i])) items.set(rows.item[i], items.size);
  }
  const nUsers = users.size;
  const nItems = items.size;
  const n = nUsers + nItems;
  const externalIds: string[] = new Array(n);
  for (const [id, i] of users) externalIds[i] = `u${id}`;
  for (const [id, j] of items) externalIds[nUsers + j] = `m${id}`;
  // Latest rating per pair (file order breaks ties), then back to file order.
  const last = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const key = users.get(rows.user[i])! * nItems + items.get(rows.item[i])!;
    const prev = last.get(key);
    if (prev === undefined || rows.ts[i] >= rows.ts[prev]) last.set(key, i);
  }
  const keep = [...last.values()].sort((a, b) => a - b);
  const actor = Int32Array.from(keep, (i) => users.get(rows.user[i])!);
  const target = Int32Array.from(keep, (i) => nUsers + items.get(rows.item[i])!);
  const type = new Uint8Array(keep.length); // SWIPE_TYPES[0] = 'like'
  const ts = Float64Array.from(keep, (i) => rows.ts[i] * 1000);
  const userIds = Array.from({ length: n }, (_, i) => i);
  const profiles = new Map<number, Profile>();
  for (let i = 0; i < n; i++) profiles.set(i, sideProfile(i, i >= nUsers));
  const data: Dataset = {
    externalIds,
    userIds,
    numericIds: false,
    users: null,
    profiles,
    actor,
    target,
    type,
    ts,
    stats: { rows: m, duplicates: m - keep.length, selfSwipes: 0 },
  };
  return { data, nUsers, nItems, firstItem: nUsers };
}

/** Counts a reader can check against the dataset's documentation. */
export interface RatingsSummary {
  format: RatingsFormat;
  ratings: number;
  users: number;
  items: number;
  minRating: number;
  maxRating: number;
  /** Ratings per user: fewest. MovieLens keeps only users with at least 20. */
  minPerUser: number;
}

export function summarizeRatings(rows: RatingRows): RatingsSummary {
  const perUser = new Map<number, number>();
  for (const u of rows.user) perUser.set(u, (perUser.get(u) ?? 0) + 1);
  let minRating = Infinity;
  let maxRating = -Infinity;
  for (const r of rows.rating) {
    if (r < minRating) minRating = r;
    if (r > maxRating) maxRating = r;
  }
  return {
    format: rows.format,
    ratings: rows.user.length,
    users: perUser.size,
    items: new Set(rows.item).size,
    minRating,
    maxRating,
    minPerUser: Math.min(...perUser.values()),
  };
}

/**
 * The dataset restricted to the rows where `keep[i]` is 1: the same nodes and profiles, fewer
 * interactions. Used to carve a validation split out of a training part.
 */
export function subsetRows(data: Dataset, keep: Uint8Array): Dataset {
  const idx: number[] = [];
  for (let i = 0; i < data.actor.length; i++) if (keep[i]) idx.push(i);
  return {
    ...data,
    actor: Int32Array.from(idx, (i) => data.actor[i]),
    target: Int32Array.from(idx, (i) => data.target[i]),
    type: Uint8Array.from(idx, (i) => data.type[i]),
    ts: Float64Array.from(idx, (i) => data.ts[i]),
    stats: { rows: idx.length, duplicates: 0, selfSwipes: 0 },
  };
}
