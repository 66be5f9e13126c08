import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserView } from '@app/contracts/users/user.types';
import { GENDERS, SWIPE_TYPES } from '@app/contracts';
import { CITIES } from './cities';
import { generateMarket, type GenerateMarketResult } from './generate';
import type { MarketTruth } from './truth.types';

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
  const users = readFileSync(r.files.users, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as UserView);
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

/** Collects the ids (or rows) failing a check, so thousands of rows cost one assertion. */
function failing<T>(items: T[], ok: (x: T) => boolean, label: (x: T) => string | number): (string | number)[] {
  return items
    .filter((x) => !ok(x))
    .map(label)
    .slice(0, 10);
}

describe('users.jsonl', () => {
  const KEYS =
    'age,bio,created_at,gender,id,interests,is_active,last_active_at,latitude,location,longitude,name,preferences,updated_at';
  const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
  const cities = new Set(CITIES.map((c) => c.name));
  const genders = GENDERS as readonly string[];
  const checks: [string, (u: UserView) => boolean][] = [
    ['fields', (u) => Object.keys(u).sort().join(',') === KEYS],
    ['name', (u) => typeof u.name === 'string' && u.name.length > 2],
    ['age', (u) => Number.isInteger(u.age) && u.age >= 18 && u.age <= 99],
    ['gender', (u) => genders.includes(u.gender)],
    ['location', (u) => cities.has(u.location ?? '')],
    ['bio', (u) => u.bio === null || (typeof u.bio === 'string' && u.bio.length > 0)],
    [
      'interests',
      (u) => Array.isArray(u.interests) && u.interests.length > 0 && u.interests.every((t) => typeof t === 'string'),
    ],
    ['coordinates', (u) => Math.abs(u.latitude!) <= 90 && Math.abs(u.longitude!) <= 180],
    [
      'genders sought',
      (u) => u.preferences.genders.length > 0 && u.preferences.genders.every((g) => genders.includes(g)),
    ],
    [
      'age window',
      (u) =>
        u.preferences.age_min >= 18 && u.preferences.age_min <= u.preferences.age_max && u.preferences.age_max <= 99,
    ],
    [
      'max distance',
      (u) =>
        u.preferences.max_distance_km === null ||
        (u.preferences.max_distance_km >= 10 && u.preferences.max_distance_km <= 200),
    ],
    ['is_active', (u) => typeof u.is_active === 'boolean'],
    ['timestamps', (u) => [u.created_at, u.updated_at, u.last_active_at ?? ''].every((t) => ISO.test(t))],
    ['time order', (u) => u.created_at <= u.updated_at && u.updated_at <= u.last_active_at!],
  ];

  it('holds N users with ids 1..N in the API shape', () => {
    expect(market.users.map((u) => u.id)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    for (const [name, ok] of checks) expect([name, failing(market.users, ok, (u) => u.id)]).toEqual([name, []]);
  });

  it('lives near the city named as location, in more than one city', () => {
    const near = (u: UserView) => {
      const c = CITIES.find((x) => x.name === u.location)!;
      return Math.abs(u.latitude! - c.lat) < 0.3 && Math.abs(u.longitude! - c.lon) < 0.4;
    };
    expect(failing(market.users, near, (u) => u.id)).toEqual([]);
    expect(new Set(market.users.map((u) => u.location)).size).toBeGreaterThan(1);
  });

  it('states preferences that follow the hidden orientation and gender, around their own age', () => {
    const orientation = new Map(market.truth.people.map((p) => [p.id, p.orientation]));
    const consistent = (u: UserView) => {
      const o = orientation.get(u.id);
      const g = [...u.preferences.genders].sort().join(',');
      if (u.gender === 'non_binary') return g.includes('non_binary');
      if (o === 'bisexual') return g.startsWith('female,male');
      if (o === 'gay') return g === u.gender;
      return g === (u.gender === 'male' ? 'female' : 'male');
    };
    expect(failing(market.users, consistent, (u) => u.id)).toEqual([]);
    const plausible = (u: UserView) =>
      u.preferences.age_min <= u.age &&
      u.preferences.age_max >= u.age &&
      u.preferences.age_max - u.preferences.age_min <= 40;
    expect(failing(market.users, plausible, (u) => u.id)).toEqual([]);
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
    const types = SWIPE_TYPES as readonly string[];
    const shape = /^\d+,\d+,[a-z_]+,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
    expect(
      failing(
        market.rows,
        (r) => types.includes(r.type) && shape.test(r.raw),
        (r) => r.raw,
      ),
    ).toEqual([]);
    const rows = market.rows;
    const backwards = rows.filter((r, i) => i > 0 && r.ts < rows[i - 1].ts).map((r) => r.raw);
    expect(backwards).toEqual([]);
    expect(rows[0].ts).toBeGreaterThanOrEqual(Date.parse(market.truth.generation.start));
    expect(rows[rows.length - 1].ts).toBeLessThan(Date.parse(market.truth.generation.end));
  });

  it('references existing, already joined users, with no self-swipes and no repeated pair', () => {
    const created = new Map(market.users.map((u) => [u.id, Date.parse(u.created_at)]));
    const known = (r: Row) => created.has(r.actor) && created.has(r.target);
    expect(failing(market.rows, known, (r) => r.raw)).toEqual([]);
    expect(
      failing(
        market.rows,
        (r) => r.actor !== r.target,
        (r) => r.raw,
      ),
    ).toEqual([]);
    const joined = (r: Row) => r.ts >= created.get(r.actor)! && r.ts >= created.get(r.target)!;
    expect(failing(market.rows, joined, (r) => r.raw)).toEqual([]);
    const pairs = new Set(market.rows.map((r) => r.actor * (N + 1) + r.target));
    expect(pairs.size).toBe(market.rows.length);
  });

  it('only shows people who pass both sides gender filters', () => {
    const byId = new Map(market.users.map((u) => [u.id, u]));
    const mutual = (r: Row) => {
      const x = byId.get(r.actor)!;
      const y = byId.get(r.target)!;
      return x.preferences.genders.includes(y.gender) && y.preferences.genders.includes(x.gender);
    };
    expect(failing(market.rows, mutual, (r) => r.raw)).toEqual([]);
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
    const top = received
      .slice(1)
      .sort((x, y) => y - x)
      .slice(0, N / 10)
      .reduce((s, x) => s + x, 0);
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
    await expect(generateMarket({ users: 10, seed: 1, outDir: join(root, 'x') })).rejects.toThrow(
      /users must be an integer between 100 and 1000000/,
    );
    await expect(generateMarket({ users: 1_000_001, seed: 1, outDir: join(root, 'x') })).rejects.toThrow(/users/);
    await expect(generateMarket({ users: 1000, seed: -1, outDir: join(root, 'x') })).rejects.toThrow(/seed/);
    await expect(generateMarket({ users: 1000, seed: 1, days: 0, outDir: join(root, 'x') })).rejects.toThrow(/days/);
  });

  it('explains where the OkCupid file was expected when it is missing', async () => {
    await expect(
      generateMarket({ users: 1000, seed: 1, outDir: join(root, 'x'), okcupidPath: join(root, 'nope.zip') }),
    ).rejects.toThrow(/OkCupid profiles not found at .*nope\.zip.*--okcupid/);
  });
});
