import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserView } from '@app/contracts/users/user.types';
import { DEFAULT_WEIGHTS, LATENT_DIMS } from './behaviour';
import { findRepoRoot, generateMarket } from './generate';
import { INTEREST_VOCABULARY } from './interests';
import { MarketModel } from './model';
import { defaultOkcupidPath, loadOkcupid } from './okcupid';
import { assignRows, buildPerson, drawJoinTimes } from './profiles';
import { createTruthScorer, loadTruth } from './truth';
import type { AppGeneration, MarketTruth } from './truth.types';

const root = mkdtempSync(join(tmpdir(), 'market-truth-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const N = 1500;
const SEED = 5;
let users: UserView[];
let truth: MarketTruth;
let swipes: { actor: number; target: number; liked: boolean }[];
let truthFile: string;

beforeAll(async () => {
  const r = await generateMarket({ users: N, seed: SEED, outDir: root });
  users = readFileSync(r.files.users, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as UserView);
  truthFile = r.files.truth;
  truth = JSON.parse(readFileSync(r.files.truth, 'utf8')) as MarketTruth;
  swipes = readFileSync(r.files.interactions, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [a, t, type] = l.split(',');
      return { actor: Number(a), target: Number(t), liked: type === 'like' || type === 'super_like' };
    });
}, 30_000);

describe('truth.json', () => {
  it('records the settings, the weights and one person per user with hidden vectors', () => {
    expect(truth.format).toBe('dating-market-truth');
    expect(truth.version).toBe(1);
    expect(truth.generation.seed).toBe(SEED);
    expect(truth.generation.users).toBe(N);
    expect(truth.weights).toEqual(DEFAULT_WEIGHTS);
    expect(truth.people.map((p) => p.id)).toEqual(users.map((u) => u.id));
    for (const p of truth.people) {
      expect(p.taste).toHaveLength(truth.dims);
      expect(p.appeal).toHaveLength(truth.dims);
      expect(p.attractiveness).toBeGreaterThan(0);
      expect(p.activity).toBeGreaterThan(0);
    }
  });

  it('has a heavy-tailed attractiveness (lognormal: mean well above median)', () => {
    const a = truth.people.map((p) => p.attractiveness).sort((x, y) => x - y);
    const mean = a.reduce((s, x) => s + x, 0) / a.length;
    expect(mean / a[a.length >> 1]).toBeGreaterThan(1.4);
    expect(a[Math.floor(a.length * 0.99)] / a[a.length >> 1]).toBeGreaterThan(6);
  });

  it('streams back through loadTruth to the same object JSON.parse gives', async () => {
    expect(await loadTruth(truthFile)).toEqual(truth);
  });
});

describe('createTruthScorer', () => {
  it('returns probabilities in [0, 1] for any pair and throws on unknown ids', () => {
    const score = createTruthScorer(truth, users);
    for (let k = 0; k < 2000; k++) {
      const p = score(1 + ((k * 7919) % N), 1 + ((k * 104729 + 13) % N));
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
    }
    expect(() => score(N + 1, 1)).toThrow(/unknown user id/);
    expect(() => createTruthScorer({ ...truth, people: truth.people.slice(1) }, users)).toThrow(
      /not in the market truth/,
    );
  });

  it('is exactly the model the generator drew decisions from', () => {
    // Rebuild the generator's in-memory model from the same seed, without going through files.
    const rows = loadOkcupid(defaultOkcupidPath(findRepoRoot()));
    const assign = assignRows(SEED, N, rows.length);
    const g = truth.generation as AppGeneration;
    const joins = drawJoinTimes(SEED, N, Date.parse(g.start), g.days, g.initialShare, g.initialSpanDays);
    const model = new MarketModel(N, LATENT_DIMS, DEFAULT_WEIGHTS, INTEREST_VOCABULARY);
    for (let i = 0; i < N; i++) {
      const p = buildPerson(SEED, i, rows[assign.row[i]], assign.resampled(i), joins[i], g.cities);
      model.setPublic(i, p.user);
      model.setHidden(i, p.hidden);
    }
    const score = createTruthScorer(truth, users);
    for (const s of swipes.slice(0, 3000))
      expect(score(s.actor, s.target)).toBe(model.likeProb(s.actor - 1, s.target - 1));
  });

  it('is calibrated on the observed swipes and separates likes from dislikes', () => {
    const score = createTruthScorer(truth, users);
    let sumP = 0;
    let likes = 0;
    const pos: number[] = [];
    const neg: number[] = [];
    for (const s of swipes) {
      const p = score(s.actor, s.target);
      sumP += p;
      if (s.liked) {
        likes++;
        pos.push(p);
      } else neg.push(p);
    }
    // Decisions were Bernoulli(p): the mean probability matches the like share within noise.
    expect(Math.abs(sumP / swipes.length - likes / swipes.length)).toBeLessThan(0.02);
    // AUC by sampling pairs (a like should score above a dislike far more often than not).
    let wins = 0;
    const trials = 20000;
    for (let k = 0; k < trials; k++) {
      const a = pos[(k * 7919) % pos.length];
      const b = neg[(k * 104729) % neg.length];
      wins += a > b ? 1 : a === b ? 0.5 : 0;
    }
    expect(wins / trials).toBeGreaterThan(0.7);
  });

  it('ranks pairs outside the stated preferences far lower', () => {
    const score = createTruthScorer(truth, users);
    const man = users.find(
      (u) => u.gender === 'male' && u.preferences.genders.length === 1 && u.preferences.genders[0] === 'female',
    )!;
    const women = users.filter((u) => u.gender === 'female' && u.location === man.location);
    const men = users.filter((u) => u.gender === 'male' && u.id !== man.id && u.location === man.location);
    const mean = (xs: UserView[]) => xs.reduce((s, u) => s + score(man.id, u.id), 0) / xs.length;
    expect(mean(women)).toBeGreaterThan(10 * mean(men));
  });
});
