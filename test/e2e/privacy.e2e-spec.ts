import { api, tokenFor } from '../support/api';

/**
 * The attacker's side of SECURITY.md: for every endpoint a user can call, A's responses are the
 * same (ids and timestamps aside) whether or not B disliked A, and whether B blocked A or is
 * merely unavailable to A for a reason A may not learn (here, B's age preference).
 *
 * Each "world" is its own cast (A, B, a decoy C, and men D, E, F around A) on its own spot of
 * one latitude, so the worlds' distances are equal cell for cell (libs/ml geo.ts); A's requests
 * ask for people within 100 km, so only A's own world can appear. The worlds differ only in
 * what B did:
 *   - dislike: B disliked A     vs  B disliked C (someone else);
 *   - block:   B blocked A      vs  B blocked C, and B's age range leaves A out.
 */
describe('what one person can learn about another (attacker view)', () => {
  // Cells on one row have one width in longitude; worlds sit a whole number of widths apart.
  const LAT = 10.005; // the centre of a row of cells
  const CELL_LON = 0.01 / Math.cos((LAT * Math.PI) / 180);
  let nextWorld = 0;

  type Cast = Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F', number>;

  /** Creates a world's cast, each at its place east of the world's origin, and the history common to all worlds. */
  async function world(bAgeRange: [number, number]): Promise<Cast> {
    const origin = 20 + 500 * CELL_LON * nextWorld++;
    const at = (cells: number) => ({ latitude: LAT, longitude: origin + cells * CELL_LON + 0.3 * CELL_LON });
    const man = (name: string, cells: number, interests: string[]) => ({
      name,
      age: 32,
      gender: 'male',
      interests,
      ...at(cells),
      preferences: { genders: ['female'], age_min: 25, age_max: 40 },
    });
    const people = [
      {
        name: 'A',
        age: 30,
        gender: 'female',
        interests: ['hiking', 'cooking'],
        ...at(0),
        preferences: { genders: ['male'], age_min: 25, age_max: 40, max_distance_km: 100 },
      },
      {
        ...man('B', 3, ['hiking']),
        preferences: { genders: ['female'], age_min: bAgeRange[0], age_max: bAgeRange[1] },
      },
      { name: 'C', age: 28, gender: 'female', interests: ['travel'], ...at(5), preferences: { genders: ['male'] } },
      man('D', 8, ['cooking']),
      man('E', 12, ['hiking', 'travel']),
      man('F', 20, ['music']),
    ];
    const res = await api('POST', '/api/v1/users/batch', { body: { users: people } });
    expect(res.status).toBe(201);
    const cast = Object.fromEntries(res.body.items.map((u: { id: number; name: string }) => [u.name, u.id])) as Cast;
    await swipe(cast.E, cast.A, 'like');
    await swipe(cast.A, cast.F, 'like');
    await swipe(cast.A, cast.D, 'dislike');
    return cast;
  }

  async function swipe(actor: number, target: number, type: string): Promise<void> {
    const res = await api('POST', '/api/v1/interactions/', {
      token: tokenFor(actor),
      body: { target_user_id: target, interaction_type: type },
    });
    expect(res.status).toBe(201);
  }

  /** Everything A can ask, with A's own token. */
  async function viewOf(cast: Cast): Promise<Record<string, unknown>> {
    const token = tokenFor(cast.A);
    const get = async (path: string) => {
      const res = await api('GET', path, { token });
      expect(res.status).toBe(200);
      return res.body;
    };
    const near = 'max_distance_km=100';
    const rank = await api('POST', `/api/v1/recommendations/users/${cast.A}/rank`, {
      token,
      body: { candidate_ids: [cast.B, cast.C, cast.D, cast.E, cast.F, 2_000_000_000] },
    });
    expect(rank.status).toBe(200);
    return normalise(cast, {
      profile: await get(`/api/v1/users/${cast.A}`),
      both: await get(`/api/v1/interactions/user/${cast.A}?direction=both`),
      received: await get(`/api/v1/interactions/user/${cast.A}?direction=received`),
      receivedDislikes: await get(`/api/v1/interactions/user/${cast.A}?direction=received&interaction_type=dislike`),
      receivedBlocks: await get(`/api/v1/interactions/user/${cast.A}?direction=received&interaction_type=block`),
      given: await get(`/api/v1/interactions/user/${cast.A}?direction=given`),
      stats: await get(`/api/v1/interactions/stats/${cast.A}`),
      mutual: await get(`/api/v1/interactions/mutual/${cast.A}/${cast.B}`),
      recent: await get(`/api/v1/interactions/recent/${cast.A}`),
      timeline: timelineTotals(await get(`/api/v1/interactions/timeline/${cast.A}?granularity=hour`)),
      matches: await get(`/api/v1/matches/${cast.A}`),
      recommendations: await get(`/api/v1/recommendations/users/${cast.A}/recommendations?${near}`),
      explained: await get(`/api/v1/recommendations/users/${cast.A}/recommendations/explain?${near}`),
      similar: await get(`/api/v1/recommendations/users/${cast.A}/similar`),
      rank: rank.body,
    });
  }

  it('shows A the same whether B disliked A or someone else', async () => {
    const control = await world([25, 40]);
    const attacked = await world([25, 40]);
    await swipe(control.B, control.C, 'dislike');
    await swipe(attacked.B, attacked.A, 'dislike');
    const seen = await viewOf(control);
    expect(await viewOf(attacked)).toEqual(seen);
    // Not vacuous: B is in A's recommendations, E's like is shown, the lists hold A's own swipes.
    expect(JSON.stringify(seen.recommendations)).toContain('"B"');
    expect(JSON.stringify(seen.received)).toContain('"E"');
  });

  it('shows A the same whether B blocked A or is unavailable to A for a reason A may not learn', async () => {
    const control = await world([18, 24]); // A is 30: outside B's range
    const attacked = await world([25, 40]);
    await swipe(control.B, control.C, 'block');
    await swipe(attacked.B, attacked.A, 'block');
    const seen = await viewOf(control);
    expect(await viewOf(attacked)).toEqual(seen);
    expect(JSON.stringify(seen.rank)).toContain('"unavailable"');
    expect(JSON.stringify(seen.recommendations)).not.toContain('"B"');
  });

  it('tells an admin what happened, which a user is not told', async () => {
    const cast = await world([25, 40]);
    await swipe(cast.B, cast.A, 'block');
    const admin = await api('GET', `/api/v1/interactions/user/${cast.A}?direction=received`);
    expect(admin.body.items.map((i: { interaction_type: string }) => i.interaction_type).sort()).toEqual([
      'block',
      'like',
    ]);
    const rank = await api('POST', `/api/v1/recommendations/users/${cast.A}/rank`, {
      body: { candidate_ids: [cast.B] },
    });
    expect(rank.body.rejected).toEqual([{ user_id: cast.B, reason: 'blocked' }]);
  });

  it('defeats trilateration through the API: two people in one grid cell are at the same distance from everywhere', async () => {
    // Both in the cell whose centre is (latCell, lonCell), about 0.9 km apart.
    const lonCell = (Math.floor(40 / CELL_LON) + 0.5) * CELL_LON;
    const latCell = LAT;
    const person = (name: string, dLat: number, dLon: number) => ({
      name,
      age: 31,
      gender: 'male',
      latitude: latCell + dLat,
      longitude: lonCell + dLon,
      preferences: { genders: ['female'], age_min: 25, age_max: 40 },
    });
    const created = await api('POST', '/api/v1/users/batch', {
      body: {
        users: [
          {
            name: 'Attacker',
            age: 30,
            gender: 'female',
            latitude: latCell,
            longitude: lonCell,
            preferences: { genders: ['male'] },
          },
          person('V1', -0.004, -0.4 * CELL_LON),
          person('V2', 0.004, 0.4 * CELL_LON),
        ],
      },
    });
    expect(created.status).toBe(201);
    const [attacker, v1, v2] = created.body.items.map((u: { id: number }) => u.id);
    const token = tokenFor(attacker);
    const answers: number[][] = [];
    for (const [dLat, dLon] of [
      [0, 0],
      [0.05, 0],
      [0, 0.08],
      [-0.03, -0.05],
      [0.011, 0.017],
      [0.2, -0.3],
      [-0.0071, 0.0093],
    ]) {
      const moved = await api('PUT', `/api/v1/users/${attacker}`, {
        token,
        body: { latitude: latCell + dLat, longitude: lonCell + dLon },
      });
      expect(moved.status).toBe(200);
      const rank = await api('POST', `/api/v1/recommendations/users/${attacker}/rank`, {
        token,
        body: { candidate_ids: [v1, v2] },
      });
      expect(rank.status).toBe(200);
      const km = (id: number) => rank.body.items.find((i: { user_id: number }) => i.user_id === id).distance_km;
      answers.push([km(v1), km(v2)]);
    }
    for (const [a, b] of answers) {
      expect(a).toBe(b);
      expect(Number.isInteger(a) && a >= 1).toBe(true);
    }
    // Not vacuous: the vantage points are at different distances.
    expect(new Set(answers.map(([a]) => a)).size).toBeGreaterThan(2);
  });

  /** The view with each cast member's id replaced by their name, and ids, times and request ids left out. */
  function normalise(cast: Cast, view: Record<string, unknown>): Record<string, unknown> {
    const names = new Map(Object.entries(cast).map(([name, id]) => [id, name]));
    // A's own coordinates differ between worlds by construction.
    const IGNORED = new Set([
      'id',
      'request_id',
      'created_at',
      'updated_at',
      'matched_at',
      'last_active_at',
      'since',
      'until',
      'latitude',
      'longitude',
    ]);
    const walk = (value: unknown, key = ''): unknown => {
      if (Array.isArray(value)) return value.map((v) => walk(v, key));
      if (value !== null && typeof value === 'object') {
        return Object.fromEntries(
          Object.entries(value)
            .filter(([k]) => !IGNORED.has(k))
            .map(([k, v]) => [k, walk(v, k)]),
        );
      }
      if (typeof value === 'number' && /user_id$/.test(key)) return names.get(value) ?? value;
      // Scores move in the last digits with the seconds between the worlds (days since joining).
      if (typeof value === 'number' && !Number.isInteger(value)) return Math.round(value * 1000) / 1000;
      return value;
    };
    return walk(view) as Record<string, unknown>;
  }

  /** A timeline's counts summed over its buckets (bucket times are timestamps). */
  function timelineTotals(timeline: { buckets: { given: object; received: object; matches: number }[] }) {
    const sum = (side: 'given' | 'received') => {
      const out: Record<string, number> = {};
      for (const b of timeline.buckets)
        for (const [t, n] of Object.entries(b[side] as Record<string, number>)) out[t] = (out[t] ?? 0) + n;
      return out;
    };
    return {
      given: sum('given'),
      received: sum('received'),
      matches: timeline.buckets.reduce((s, b) => s + b.matches, 0),
    };
  }
});
