import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UserView } from '@app/contracts/users/user.types';
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import { generateEventsMarket, type EventsMarketResult } from './events';
import { eventMeetings, mutuallyEligible, rulesProfile } from './events-seating';
import { EVENT_DIMS, EVENT_WEIGHTS } from './events-behaviour';
import { createTruthScorer, loadTruth } from './truth';
import type { EventsGeneration, MarketTruth } from './truth.types';

const root = mkdtempSync(join(tmpdir(), 'market-events-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Decision {
  actor: number;
  target: number;
  yes: boolean;
  ts: number;
}

function read(r: EventsMarketResult): { users: UserView[]; rows: Decision[]; truth: MarketTruth } {
  const users = readFileSync(r.files.users, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as UserView);
  const rows = readFileSync(r.files.interactions, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [a, t, type, ts] = l.split(',');
      return { actor: Number(a), target: Number(t), yes: type === 'like', ts: Date.parse(ts) };
    });
  const truth = JSON.parse(readFileSync(r.files.truth, 'utf8')) as MarketTruth;
  return { users, rows, truth };
}

/** AUC of scores against labels (ties count a half). */
function auc(scores: number[], labels: boolean[]): number {
  const idx = scores.map((_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let rankSum = 0;
  let pos = 0;
  for (let i = 0; i < idx.length;) {
    let j = i;
    while (j + 1 < idx.length && scores[idx[j + 1]] === scores[idx[i]]) j++;
    for (let k = i; k <= j; k++) {
      if (labels[idx[k]]) {
        rankSum += (i + j) / 2 + 1;
        pos++;
      }
    }
    i = j + 1;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * (idx.length - pos));
}

/** Per person: [decisions, yeses] given and received. */
function yesCounts(rows: Decision[]): {
  given: Map<number, [number, number]>;
  received: Map<number, [number, number]>;
} {
  const given = new Map<number, [number, number]>();
  const received = new Map<number, [number, number]>();
  for (const r of rows) {
    for (const [m, id] of [
      [given, r.actor],
      [received, r.target],
    ] as const) {
      const c = m.get(id) ?? [0, 0];
      c[0]++;
      c[1] += Number(r.yes);
      m.set(id, c);
    }
  }
  return { given, received };
}

const sd = (xs: number[]): number => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
};

const N = 600;
let a: EventsMarketResult;
let market: ReturnType<typeof read>;

beforeAll(async () => {
  a = await generateEventsMarket({ users: N, seed: 1, outDir: join(root, 'a') });
  market = read(a);
}, 60_000);

describe('eventMeetings', () => {
  it.each([
    [10, 10],
    [12, 15],
    [25, 24],
  ])('seats a %i x %i event so that everyone meets everyone on the other side once per round', (x, y) => {
    const sides = [Array.from({ length: x }, (_, i) => i), Array.from({ length: y }, (_, i) => 100 + i)];
    const meetings = eventMeetings(sides);
    expect(new Set(meetings.map(([p, q]) => `${Math.min(p, q)},${Math.max(p, q)}`)).size).toBe(x * y);
    const perRound = new Map<number, number[]>();
    for (const [p, q, r] of meetings) perRound.set(r, [...(perRound.get(r) ?? []), p, q]);
    for (const seated of perRound.values()) expect(new Set(seated).size).toBe(seated.length);
  });

  it.each([11, 14, 26])('runs a same-sex group of %i as a round robin', (g) => {
    const meetings = eventMeetings([Array.from({ length: g }, (_, i) => i)]);
    expect(new Set(meetings.map(([p, q]) => `${Math.min(p, q)},${Math.max(p, q)}`)).size).toBe((g * (g - 1)) / 2);
    const perRound = new Map<number, number[]>();
    for (const [p, q, r] of meetings) perRound.set(r, [...(perRound.get(r) ?? []), p, q]);
    for (const seated of perRound.values()) expect(new Set(seated).size).toBe(seated.length);
  });
});

describe('events market shape', () => {
  it('has exactly N people, ids 1..N, each at exactly one event', () => {
    expect(a.users).toBe(N);
    expect(market.users.map((u) => u.id)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const seated = market.truth.events!.flatMap((e) => e.sides.flat());
    expect(seated.sort((x, y) => x - y)).toEqual(market.users.map((u) => u.id));
    const g = market.truth.generation as EventsGeneration;
    expect(g.regime).toBe('events');
    expect(g.candidatesDrawn - g.dropped).toBe(N);
    expect(market.truth.dims).toBe(EVENT_DIMS);
    expect(market.truth.weights).toEqual(EVENT_WEIGHTS);
  });

  it('makes everyone decide on everyone they met at their event, both ways, 10-25 decisions each', () => {
    const decided = new Set(market.rows.map((r) => `${r.actor},${r.target}`));
    expect(decided.size).toBe(market.rows.length);
    let expected = 0;
    const missing: string[] = [];
    for (const e of market.truth.events!) {
      const met = e.sides.length === 2 ? [e.sides[0], e.sides[1]] : [e.sides[0], e.sides[0]];
      for (const x of met[0]) {
        for (const y of met[1]) {
          if (x === y) continue;
          const pairs = e.sides.length === 2 ? [`${x},${y}`, `${y},${x}`] : [`${x},${y}`];
          for (const p of pairs) {
            expected++;
            if (!decided.has(p)) missing.push(p);
          }
        }
      }
      for (const s of e.sides) {
        expect(s.length).toBeGreaterThanOrEqual(e.sides.length === 2 ? 10 : 11);
        expect(s.length).toBeLessThanOrEqual(e.sides.length === 2 ? 25 : 26);
      }
    }
    expect(missing.slice(0, 5)).toEqual([]);
    expect(market.rows.length).toBe(expected);
    const perActor = new Map<number, number>();
    for (const r of market.rows) perActor.set(r.actor, (perActor.get(r.actor) ?? 0) + 1);
    expect(perActor.size).toBe(N);
    expect(Math.min(...perActor.values())).toBeGreaterThanOrEqual(10);
    expect(Math.max(...perActor.values())).toBeLessThanOrEqual(25);
    expect(market.truth.summary.events!.minDecisions).toBe(Math.min(...perActor.values()));
  });

  it('seats only people who pass the product hard rules both ways, at their position and on the grid', () => {
    const byId = new Map(market.users.map((u) => [u.id, u]));
    const failing = market.rows.filter((r) => {
      const x = byId.get(r.actor)!;
      const y = byId.get(r.target)!;
      return (
        !mutuallyEligible(rulesProfile(x, false), rulesProfile(y, false)) ||
        !mutuallyEligible(rulesProfile(x, true), rulesProfile(y, true)) ||
        x.location !== y.location
      );
    });
    expect(failing.slice(0, 5)).toEqual([]);
    expect(market.users.every((u) => u.is_active)).toBe(true);
  });

  it('holds each event on one evening, events on different days, sign-ups before the event', () => {
    const created = new Map(market.users.map((u) => [u.id, Date.parse(u.created_at)]));
    const events = market.truth.events!;
    const eventOf = new Map<number, number>();
    events.forEach((e, k) => e.sides.flat().forEach((id) => eventOf.set(id, k)));
    const span = new Map<number, [number, number]>();
    for (const r of market.rows) {
      const k = eventOf.get(r.actor)!;
      expect(eventOf.get(r.target)).toBe(k);
      const s = span.get(k) ?? [Infinity, -Infinity];
      span.set(k, [Math.min(s[0], r.ts), Math.max(s[1], r.ts)]);
      expect(r.ts).toBeGreaterThan(created.get(r.actor)!);
    }
    for (const [k, [first, last]] of span) {
      expect(first).toBeGreaterThanOrEqual(Date.parse(events[k].start));
      expect(last - first).toBeLessThan(3 * 3_600_000);
    }
    expect(new Set(events.map((e) => e.start.slice(0, 10))).size).toBeGreaterThan(events.length / 2);
    const ts = market.rows.map((r) => r.ts);
    expect(ts.every((t, i) => i === 0 || t >= ts[i - 1])).toBe(true);
    expect(ts[0]).toBeGreaterThanOrEqual(Date.parse(market.truth.generation.start));
    expect(ts[ts.length - 1]).toBeLessThan(Date.parse(market.truth.generation.end));
  });

  it('is reproducible for a seed, and differs for another', async () => {
    const again = await generateEventsMarket({ users: N, seed: 1, outDir: join(root, 'again') });
    const other = await generateEventsMarket({ users: N, seed: 2, outDir: join(root, 'other') });
    for (const f of ['users', 'interactions', 'truth'] as const) {
      expect(readFileSync(again.files[f]).equals(readFileSync(a.files[f]))).toBe(true);
      expect(readFileSync(other.files[f]).equals(readFileSync(a.files[f]))).toBe(false);
    }
  }, 60_000);
});

describe('events market decisions', () => {
  it('says yes to 35-45% and matches 10-20% of the pairs that met', () => {
    const yes = market.rows.filter((r) => r.yes).length / market.rows.length;
    expect(yes).toBeGreaterThan(0.35);
    expect(yes).toBeLessThan(0.45);
    const decision = new Map(market.rows.map((r) => [`${r.actor},${r.target}`, r.yes]));
    let pairs = 0;
    let matches = 0;
    for (const r of market.rows) {
      if (r.actor > r.target) continue;
      pairs++;
      if (r.yes && decision.get(`${r.target},${r.actor}`)) matches++;
    }
    expect(matches / pairs).toBeGreaterThan(0.1);
    expect(matches / pairs).toBeLessThan(0.2);
    expect(market.truth.summary.matches).toBe(matches);
  });

  it('varies strongly between people in how often they say yes and are said yes to', () => {
    const { given, received } = yesCounts(market.rows);
    const p = market.rows.filter((r) => r.yes).length / market.rows.length;
    // What the spread would be if everyone said yes at the same rate: binomial noise alone.
    const noise = Math.sqrt((p * (1 - p)) / (market.rows.length / N));
    for (const m of [given, received]) {
      const rates = [...m.values()].map(([n, y]) => y / n);
      expect(sd(rates)).toBeGreaterThan(0.18);
      expect(sd(rates)).toBeGreaterThan(1.6 * noise);
      expect(rates.filter((x) => x === 0).length).toBeGreaterThan(0);
      expect(rates.filter((x) => x > 0.85).length).toBeGreaterThan(0);
    }
  });

  it('is a little reciprocal: a yes is more likely towards someone who says yes back', () => {
    const decision = new Map(market.rows.map((r) => [`${r.actor},${r.target}`, r.yes]));
    const count = [0, 0, 0, 0];
    for (const r of market.rows) count[(decision.get(`${r.target},${r.actor}`) ? 2 : 0) + Number(r.yes)]++;
    const yesIfYes = count[3] / (count[2] + count[3]);
    const yesIfNo = count[1] / (count[0] + count[1]);
    expect(yesIfYes).toBeGreaterThan(yesIfNo);
    expect(yesIfYes - yesIfNo).toBeLessThan(0.1);
  });

  it('is predicted by per-person rates, not by profile features (a bias-only check on an 80/20 split)', () => {
    const rng = new SeededRandom(7);
    const test = market.rows.map(() => rng.next() < 0.2);
    const train = market.rows.filter((_, i) => !test[i]);
    const held = market.rows.filter((_, i) => test[i]);
    const labels = held.map((r) => r.yes);
    const p0 = train.filter((r) => r.yes).length / train.length;
    const { given, received } = yesCounts(train);
    // Rates smoothed towards the overall rate with a prior of 2 decisions, combined as logits.
    const rate = (m: Map<number, [number, number]>, id: number): number => {
      const [n, y] = m.get(id) ?? [0, 0];
      const q = (y + 2 * p0) / (n + 2);
      return Math.log(q / (1 - q));
    };
    const biasAuc = auc(
      held.map((r) => rate(given, r.actor) + rate(received, r.target)),
      labels,
    );
    expect(biasAuc).toBeGreaterThan(0.75);

    const byId = new Map(market.users.map((u) => [u.id, u]));
    const shared = held.map((r) => {
      const x = new Set(byId.get(r.actor)!.interests);
      const y = byId.get(r.target)!.interests;
      const both = y.filter((t) => x.has(t)).length;
      return both / (x.size + y.length - both);
    });
    const ageGap = held.map((r) => -Math.abs(byId.get(r.actor)!.age - byId.get(r.target)!.age));
    expect(auc(shared, labels)).toBeLessThan(0.6);
    expect(auc(ageGap, labels)).toBeLessThan(0.6);

    // The hidden truth ranks best: it also knows the pairwise taste the rates cannot see.
    const truthScore = createTruthScorer(market.truth, market.users);
    const truthAuc = auc(
      held.map((r) => truthScore(r.actor, r.target)),
      labels,
    );
    expect(truthAuc).toBeGreaterThan(biasAuc + 0.05);
    const noTaste = createTruthScorer(
      { ...market.truth, weights: { ...market.truth.weights, latent: 0 } },
      market.users,
    );
    const noTasteAuc = auc(
      held.map((r) => noTaste(r.actor, r.target)),
      labels,
    );
    expect(truthAuc - noTasteAuc).toBeGreaterThan(0.02);
    expect(truthAuc - noTasteAuc).toBeLessThan(noTasteAuc - 0.5);
  });

  it('writes a truth that loadTruth and the truth scorer read back, matching the decisions', async () => {
    const truth = await loadTruth(a.files.truth);
    expect(truth.events).toEqual(market.truth.events);
    expect(truth.people).toHaveLength(N);
    const score = createTruthScorer(truth, market.users);
    const mean = market.rows.reduce((s, r) => s + score(r.actor, r.target), 0) / market.rows.length;
    const yes = market.rows.filter((r) => r.yes).length / market.rows.length;
    expect(Math.abs(mean - yes)).toBeLessThan(0.02);
    // Any pair may be asked about, also people who never met.
    expect(score(1, N)).toBeGreaterThanOrEqual(0);
    expect(score(1, N)).toBeLessThanOrEqual(1);
  });
});
