import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserView } from '@app/contracts/users/user.types';
import { GENDERS, SWIPE_TYPES } from '../types';
import { CITIES } from './cities';
import { generateMarket, type GenerateMarketResult } from './generate';
import type { MarketTruth } from './truth';

const root = mkdtempSync(join(tmpdir(), 'market-gen-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Row {
  actor: number;
  target: number;
  type: string;
  ts: number;
  raw: string;
}

function readMarket(r: GenerateMarketResult): { users: UserView[]; rows: Row[]; truth: MarketTruth; csv: string } {
  const users = readFileSync(r.files.users, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as UserView);
  const csv = readFileSync(r.files.interactions, 'utf8');
  const lines = csv.trim().split('\n');
  const rows = lines.slice(1).map((raw) => {
    const [a, t, type, ts] = raw.split(',');
    return { actor: Number(a), target: Number(t), type, ts: Date.parse(ts), raw };
  });
  const truth = JSON.parse(readFileSync(r.files.truth, 'utf8')) as MarketTruth;
  return { users, rows, truth, csv };
}

const N = 2000;
let a: GenerateMarketResult;
let again: GenerateMarketResult;
let other: GenerateMarketResult;
let market: ReturnType<typeof readMarket>;

beforeAll(async () => {
  a = await generateMarket({ users: N, seed: 11, outDir: join(root, 'a') });
  again = await generateMarket({ users: N, seed: 11, outDir: join(root, 'again') });
  other = await generateMarket({ users: N, seed: 12, outDir: join(root, 'other') });
  market = readMarket(a);
}, 60_000);

describe('generateMarket determinism', () => {
  it('writes byte-identical files for the same seed and different ones for another seed', () => {
    for (const f of ['users', 'interactions', 'truth'] as const) {
      expect(readFileSync(again.files[f]).equals(readFileSync(a.files[f]))).toBe(true);
      expect(readFileSync(other.files[f]).equals(readFileSync(a.files[f]))).toBe(false);
    }
    expect(a.users).toBe(N);
    expect(a.interactions).toBe(market.rows.length);
  });
});

describe('users.jsonl', () => {
  it('holds N users with ids 1..N in the API shape', () => {
    const { users } = market;
    expect(users.map((u) => u.id)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const cities = new Set(CITIES.map((c) => c.name));
    const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    for (const u of users) {
      expect(Object.keys(u).sort()).toEqual(
        ['age', 'bio', 'created_at', 'gender', 'id', 'interests', 'is_active', 'last_active_at', 'latitude', 'location', 'longitude', 'name', 'preferences', 'updated_at'],
      );
      expect(typeof u.name === 'string' && u.name.length > 2).toBe(true);
      expect(Number.isInteger(u.age) && u.age >= 18 && u.age <= 99).toBe(true);
      expect(GENDERS).toContain(u.gender);
      expect(cities.has(u.location!)).toBe(true);
      expect(u.bio === null || (typeof u.bio === 'string' && u.bio.length > 0)).toBe(true);
      expect(Array.isArray(u.interests) && u.interests.every((t) => typeof t === 'string')).toBe(true);
      expect(u.latitude! >= -90 && u.latitude! <= 90 && u.longitude! >= -180 && u.longitude! <= 180).toBe(true);
      const p = u.preferences;
      expect(p.genders.length).toBeGreaterThan(0);
      expect(p.genders.every((g) => (GENDERS as readonly string[]).includes(g))).toBe(true);
      expect(p.age_min >= 18 && p.age_min <= p.age_max && p.age_max <= 99).toBe(true);
      expect(p.max_distance_km === null || (p.max_distance_km >= 10 && p.max_distance_km <= 200)).toBe(true);
      expect(typeof u.is_active).toBe('boolean');
      for (const t of [u.created_at, u.updated_at, u.last_active_at!]) expect(t).toMatch(iso);
      expect(u.created_at <= u.updated_at && u.updated_at <= u.last_active_at!).toBe(true);
    }
  });

  it('lives near the city named as location', () => {
    for (const u of market.users) {
      const c = CITIES.find((x) => x.name === u.location)!;
      expect(Math.abs(u.latitude! - c.lat)).toBeLessThan(0.3);
      expect(Math.abs(u.longitude! - c.lon)).toBeLessThan(0.4);
    }
    expect(new Set(market.users.map((u) => u.location)).size).toBeGreaterThan(1);
  });

  it('states preferences that follow the hidden orientation and gender', () => {
    const orientation = new Map(market.truth.people.map((p) => [p.id, p.orientation]));
    for (const u of market.users) {
      const o = orientation.get(u.id);
      const g = u.preferences.genders;
      if (u.gender === 'non_binary') expect(g).toContain('non_binary');
      else if (o === 'bisexual') expect(g).toEqual(expect.arrayContaining(['female', 'male']));
      else if (o === 'gay') expect(g).toEqual([u.gender]);
      else expect(g).toEqual([u.gender === 'male' ? 'female' : 'male']);
      // The window is a plausible one around the person's own age.
      expect(u.preferences.age_min).toBeLessThanOrEqual(Math.max(18, u.age));
      expect(u.preferences.age_max).toBeGreaterThanOrEqual(u.age - 2);
    }
  });

  it('keeps the OkCupid marginals (more men than women, mostly straight, ages of adults)', () => {
    const count = (f: (u: UserView) => boolean) => market.users.filter(f).length / N;
    expect(count((u) => u.gender === 'male')).toBeGreaterThan(0.5);
    expect(count((u) => u.gender === 'female')).toBeGreaterThan(0.33);
    expect(count((u) => u.gender === 'non_binary')).toBeLessThan(0.05);
    const straight = market.truth.people.filter((p) => p.orientation === 'straight').length / N;
    expect(straight).toBeGreaterThan(0.8);
    expect(straight).toBeLessThan(0.93);
    const ages = market.users.map((u) => u.age).sort((x, y) => x - y);
    expect(ages[N >> 1]).toBeGreaterThanOrEqual(27);
    expect(ages[N >> 1]).toBeLessThanOrEqual(33);
    expect(count((u) => u.preferences.max_distance_km === null)).toBeGreaterThan(0.03);
  });
});

describe('interactions.csv', () => {
  it('has the header and well-formed rows in time order', () => {
    expect(market.csv.startsWith('actor_id,target_id,type,timestamp\n')).toBe(true);
    let prev = -Infinity;
    for (const r of market.rows) {
      expect(SWIPE_TYPES).toContain(r.type);
      expect(r.raw).toMatch(/^\d+,\d+,[a-z_]+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(r.ts).toBeGreaterThanOrEqual(prev);
      prev = r.ts;
    }
    const t0 = Date.parse(market.truth.generation.start);
    const t1 = Date.parse(market.truth.generation.end);
    expect(market.rows[0].ts).toBeGreaterThanOrEqual(t0);
    expect(prev).toBeLessThan(t1);
  });

  it('references existing, already joined users, with no self-swipes and no repeated pair', () => {
    const created = new Map(market.users.map((u) => [u.id, Date.parse(u.created_at)]));
    const seen = new Set<number>();
    for (const r of market.rows) {
      expect(created.has(r.actor) && created.has(r.target)).toBe(true);
      expect(r.actor).not.toBe(r.target);
      expect(r.ts).toBeGreaterThanOrEqual(created.get(r.actor)!);
      expect(r.ts).toBeGreaterThanOrEqual(created.get(r.target)!);
      const key = r.actor * (N + 1) + r.target;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('only shows people who pass both sides gender filters', () => {
    const byId = new Map(market.users.map((u) => [u.id, u]));
    for (const r of market.rows) {
      const x = byId.get(r.actor)!;
      const y = byId.get(r.target)!;
      expect(x.preferences.genders).toContain(y.gender);
      expect(y.preferences.genders).toContain(x.gender);
    }
  });
});

describe('market behaviour', () => {
  const positive = (t: string) => t === 'like' || t === 'super_like';

  it('produces a realistic volume and mix of swipes, with a few blocks', () => {
    const n = market.rows.length;
    const share = (t: string) => market.rows.filter((r) => r.type === t).length / n;
    expect(n / new Set(market.rows.map((r) => r.actor)).size).toBeGreaterThan(8);
    expect(share('like') + share('super_like')).toBeGreaterThan(0.15);
    expect(share('like') + share('super_like')).toBeLessThan(0.6);
    expect(share('super_like')).toBeGreaterThan(0);
    expect(share('super_like')).toBeLessThan(0.05);
    expect(share('block')).toBeGreaterThan(0);
    expect(share('block')).toBeLessThan(0.03);
    const s = market.truth.summary;
    expect(s.interactions).toBe(n);
    expect(s.likes + s.superLikes + s.dislikes + s.blocks).toBe(n);
  });

  it('lets men like far more often than women, as on real apps', () => {
    const gender = new Map(market.users.map((u) => [u.id, u.gender]));
    const rate = (g: string) => {
      const mine = market.rows.filter((r) => gender.get(r.actor) === g);
      return mine.filter((r) => positive(r.type)).length / mine.length;
    };
    expect(rate('male')).toBeGreaterThan(1.5 * rate('female'));
  });

  it('makes matches emerge, with the reply after the first like', () => {
    const likedAt = new Map<string, number>();
    for (const r of market.rows) if (positive(r.type)) likedAt.set(`${r.actor}>${r.target}`, r.ts);
    let matches = 0;
    for (const [key, ts] of likedAt) {
      const [x, y] = key.split('>');
      const back = likedAt.get(`${y}>${x}`);
      if (back !== undefined && (ts < back || (ts === back && Number(x) < Number(y)))) matches++;
    }
    expect(matches).toBeGreaterThan(100);
    expect(matches).toBe(market.truth.summary.matches);
  });

  it('is skewed: the top 10% of users receive over 30% of the likes', () => {
    const received = new Array<number>(N + 1).fill(0);
    let total = 0;
    for (const r of market.rows) {
      if (!positive(r.type)) continue;
      received[r.target]++;
      total++;
    }
    const top = received.slice(1).sort((x, y) => y - x).slice(0, N / 10).reduce((s, x) => s + x, 0);
    expect(top / total).toBeGreaterThan(0.3);
  });

  it('shows activity that grows with joins and a heavy tail of swipes per person', () => {
    const perActor = new Map<number, number>();
    for (const r of market.rows) perActor.set(r.actor, (perActor.get(r.actor) ?? 0) + 1);
    const counts = [...perActor.values()].sort((x, y) => x - y);
    const mean = counts.reduce((s, x) => s + x, 0) / counts.length;
    expect(counts[counts.length - 1]).toBeGreaterThan(4 * mean);
    expect(counts[counts.length >> 1]).toBeLessThan(mean);
  });
});

describe('generateMarket options', () => {
  it('rejects sizes, seeds and days it cannot honour, naming the option', async () => {
    await expect(generateMarket({ users: 10, seed: 1, outDir: join(root, 'x') })).rejects.toThrow(/users must be an integer between 100 and 1000000/);
    await expect(generateMarket({ users: 1_000_001, seed: 1, outDir: join(root, 'x') })).rejects.toThrow(/users/);
    await expect(generateMarket({ users: 1000, seed: -1, outDir: join(root, 'x') })).rejects.toThrow(/seed/);
    await expect(generateMarket({ users: 1000, seed: 1, days: 0, outDir: join(root, 'x') })).rejects.toThrow(/days/);
  });

  it('explains where the OkCupid file was expected when it is missing', async () => {
    await expect(generateMarket({ users: 1000, seed: 1, outDir: join(root, 'x'), okcupidPath: join(root, 'nope.zip') })).rejects.toThrow(
      /OkCupid profiles not found at .*nope\.zip.*--okcupid/,
    );
  });
});
