import { api, createUser, tokenFor } from '../support/api';
import { BAD_IDS, UNKNOWN_ID, expectBadInput } from '../support/expectations';

/**
 * Every class of bad input on the users endpoints, through HTTP: each is a 400 (or 404/409) whose
 * message and details name the offending field, and no rejected request changes any data.
 */

// A marker unique to this run: rejected creations carry it as location and as an interest, so
// "nothing was written" can be checked by filtering on it, even while other suites create users.
const MARK = `rejected${process.pid}x${Date.now().toString(36)}`;
const BASE = { name: 'Rejected', age: 30, gender: 'female', location: MARK, interests: [MARK] };

/** How many users carry the marker, as the admin sees them through the list and the interest search. */
async function markedUsers(): Promise<{ byLocation: number; byInterest: number }> {
  const [loc, interest] = await Promise.all([
    api('GET', `/api/v1/users/?location=${MARK}&limit=1`),
    api('GET', `/api/v1/users/search/by-interest?interest=${MARK}&limit=1`),
  ]);
  expect([loc.status, interest.status]).toEqual([200, 200]);
  return { byLocation: loc.body.total, byInterest: interest.body.total };
}

/** The user as the admin sees it (the whole body, timestamps included). */
async function snapshot(id: number): Promise<Record<string, unknown>> {
  const res = await api('GET', `/api/v1/users/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

const without = (key: string) => {
  const copy: Record<string, unknown> = { ...BASE };
  delete copy[key];
  return copy;
};
const x = (n: number) => 'x'.repeat(n);

describe('users: bad input is rejected with the field named, and nothing is written', () => {
  let alice: { id: number };
  let aliceToken: string;

  beforeAll(async () => {
    alice = await createUser({
      name: 'Alice',
      age: 28,
      gender: 'female',
      location: 'Berlin',
      interests: ['hiking'],
      bio: 'Original bio',
    });
    aliceToken = tokenFor(alice.id);
  });

  describe('POST /api/v1/users/ (create)', () => {
    const cases: [string, unknown, string][] = [
      // missing required fields
      ['missing name', without('name'), 'name'],
      ['missing age', without('age'), 'age'],
      ['missing gender', without('gender'), 'gender'],
      // unknown fields
      ['an unknown top-level field', { ...BASE, nickname: 'Al' }, 'nickname'],
      ['an unknown field inside preferences', { ...BASE, preferences: { colour: 'blue' } }, 'preferences.colour'],
      // wrong types
      ['age as the string "25"', { ...BASE, age: '25' }, 'age'],
      ['age as a fraction', { ...BASE, age: 25.5 }, 'age'],
      ['age null', { ...BASE, age: null }, 'age'],
      ['name as a number', { ...BASE, name: 42 }, 'name'],
      ['an empty name', { ...BASE, name: '' }, 'name'],
      ['a blank name (only spaces, empty once trimmed)', { ...BASE, name: '   ' }, 'name'],
      ['gender as a number', { ...BASE, gender: 1 }, 'gender'],
      ['interests as an object', { ...BASE, interests: { first: MARK } }, 'interests'],
      ['interests as a string', { ...BASE, interests: MARK }, 'interests'],
      ['an interest that is a number', { ...BASE, interests: [MARK, 7] }, 'interests'],
      ['latitude as a string', { ...BASE, latitude: '52.5', longitude: 13.4 }, 'latitude'],
      ['bio as a number', { ...BASE, bio: 12 }, 'bio'],
      ['preferences as an array', { ...BASE, preferences: [] }, 'preferences'],
      ['preferences as a string', { ...BASE, preferences: 'everyone' }, 'preferences'],
      ['preferences.age_min as the string "20"', { ...BASE, preferences: { age_min: '20' } }, 'preferences.age_min'],
      ['preferences.genders as a string', { ...BASE, preferences: { genders: 'male' } }, 'preferences.genders'],
      ['is_active as the string "yes"', { ...BASE, is_active: 'yes' }, 'is_active'],
      ['external_id as a number', { ...BASE, external_id: 12345 }, 'external_id'],
      // out-of-range numbers
      ['age 17', { ...BASE, age: 17 }, 'age'],
      ['age 121', { ...BASE, age: 121 }, 'age'],
      ['latitude 91', { ...BASE, latitude: 91, longitude: 0 }, 'latitude'],
      ['latitude -90.5', { ...BASE, latitude: -90.5, longitude: 0 }, 'latitude'],
      ['longitude 180.5', { ...BASE, latitude: 0, longitude: 180.5 }, 'longitude'],
      ['preferences.age_min 17', { ...BASE, preferences: { age_min: 17 } }, 'preferences.age_min'],
      ['preferences.age_max 121', { ...BASE, preferences: { age_max: 121 } }, 'preferences.age_max'],
      [
        'preferences.max_distance_km 0',
        { ...BASE, preferences: { max_distance_km: 0 } },
        'preferences.max_distance_km',
      ],
      [
        'preferences.max_distance_km 20001',
        { ...BASE, preferences: { max_distance_km: 20_001 } },
        'preferences.max_distance_km',
      ],
      // oversized strings and arrays
      ['a name of 101 characters', { ...BASE, name: x(101) }, 'name'],
      ['a bio of 1001 characters', { ...BASE, bio: x(1001) }, 'bio'],
      ['a location of 101 characters', { ...BASE, location: x(101) }, 'location'],
      [
        '31 interests',
        { ...BASE, interests: [MARK, ...Array.from({ length: 30 }, (_, i) => `interest${i}`)] },
        'interests',
      ],
      ['an interest of 51 characters', { ...BASE, interests: [MARK, x(51)] }, 'interests'],
      ['an empty interest', { ...BASE, interests: [MARK, ''] }, 'interests'],
      ['an external_id of 129 characters', { ...BASE, external_id: x(129) }, 'external_id'],
      ['an external_id with a space', { ...BASE, external_id: 'app user 1' }, 'external_id'],
      [
        '4 preferred genders',
        { ...BASE, preferences: { genders: ['male', 'female', 'non_binary', 'male'] } },
        'preferences.genders',
      ],
      // unknown enum values
      ['an unknown gender', { ...BASE, gender: 'robot' }, 'gender'],
      ['an unknown preferred gender', { ...BASE, preferences: { genders: ['male', 'robot'] } }, 'preferences.genders'],
      ['no preferred gender at all', { ...BASE, preferences: { genders: [] } }, 'preferences.genders'],
      // rules across fields
      [
        'preferences.age_min above preferences.age_max',
        { ...BASE, preferences: { age_min: 40, age_max: 30 } },
        'preferences.age_min',
      ],
      [
        'preferences.age_min above the default age_max',
        { ...BASE, age: 30, preferences: { age_min: 45 } },
        'preferences.age_min',
      ],
      // the pair rule names the missing half (its message names both)
      ['latitude without longitude', { ...BASE, latitude: 52.5 }, 'longitude'],
      ['longitude without latitude', { ...BASE, longitude: 13.4 }, 'latitude'],
      // null where a value is required
      ['preferences.age_min null', { ...BASE, preferences: { age_min: null } }, 'preferences.age_min'],
      ['preferences.age_max null', { ...BASE, preferences: { age_max: null } }, 'preferences.age_max'],
      ['preferences.genders null', { ...BASE, preferences: { genders: null } }, 'preferences.genders'],
    ];

    it.each(cases)('rejects %s', async (_, body, field) => {
      const before = await markedUsers();
      const res = await api('POST', '/api/v1/users/', { body });
      expectBadInput(res, field);
      expect(await markedUsers()).toEqual(before);
    });

    it('reports every bad field at once', async () => {
      const res = await api('POST', '/api/v1/users/', { body: { ...BASE, age: 17, gender: 'robot', name: x(101) } });
      expectBadInput(res, 'age');
      expectBadInput(res, 'gender');
      expectBadInput(res, 'name');
    });

    it('rejects a body without any required field, naming each of them', async () => {
      const before = await markedUsers();
      const res = await api('POST', '/api/v1/users/', { body: { location: MARK, interests: [MARK] } });
      for (const field of ['name', 'age', 'gender']) expectBadInput(res, field);
      expect(await markedUsers()).toEqual(before);
    });

    it('rejects an empty body, naming each required field', async () => {
      const res = await api('POST', '/api/v1/users/', { body: {} });
      for (const field of ['name', 'age', 'gender']) expectBadInput(res, field);
    });

    it('rejects invalid JSON with a 400 in the usual error shape, and writes nothing', async () => {
      const before = await markedUsers();
      const res = await api('POST', '/api/v1/users/', { rawBody: `{"name":` });
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
      expect(res.body.message).toMatch(/json/i);
      expect(await markedUsers()).toEqual(before);
    });

    it('answers invalid JSON with a request_id (body and X-Request-Id header), like every other error', async () => {
      const res = await api('POST', '/api/v1/users/', { rawBody: `{"name":` });
      expect(res.status).toBe(400);
      const ids = { body: res.body.request_id, header: res.headers.get('x-request-id') };
      expect(ids).toEqual({ body: expect.stringMatching(/.+/), header: expect.stringMatching(/.+/) });
      expect(ids.body).toBe(ids.header);
    });

    it('rejects a JSON array instead of an object', async () => {
      const before = await markedUsers();
      const res = await api('POST', '/api/v1/users/', { body: [BASE] });
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
      expect(await markedUsers()).toEqual(before);
    });

    // Controls: the age rejections above are about the value, not the field; the bounds themselves are valid.
    it.each([18, 110, 120])('accepts age %i, the preferences defaulting around it', async (age) => {
      const res = await api('POST', '/api/v1/users/', {
        body: { name: `Aged ${age}`, age, gender: 'male', location: `${MARK}-ages` },
      });
      expect({ status: res.status, body: res.body }).toMatchObject({ status: 201, body: { age } });
      expect(res.body.preferences.age_min).toBeLessThanOrEqual(res.body.preferences.age_max);
    });
  });

  describe('a duplicate external_id is a 409 and writes nothing', () => {
    const externalId = `ext-${MARK}`;
    let owner: { id: number };
    let other: { id: number };

    beforeAll(async () => {
      owner = await createUser({ name: 'Owner', location: `${MARK}-dup`, external_id: externalId });
      other = await createUser({ name: 'Other', location: `${MARK}-dup`, external_id: `${externalId}-2` });
    });

    it('rejects creating a second user with the same external_id', async () => {
      const res = await api('POST', '/api/v1/users/', {
        body: { ...BASE, location: `${MARK}-dup`, external_id: externalId },
      });
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: 409, error: 'CONFLICT' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain('external_id');
      expect(res.body.message).toContain('external_id');
      const list = await api('GET', `/api/v1/users/?location=${MARK}-dup`);
      expect(list.body.items.map((u: { id: number }) => u.id).sort()).toEqual([owner.id, other.id].sort());
    });

    it('rejects updating another user to an external_id already in use, leaving them unchanged', async () => {
      const before = await snapshot(other.id);
      const res = await api('PUT', `/api/v1/users/${other.id}`, { body: { external_id: externalId, name: 'Renamed' } });
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: 409, error: 'CONFLICT' });
      expect(res.body.message).toContain('external_id');
      expect(await snapshot(other.id)).toEqual(before);
    });
  });

  describe('PUT /api/v1/users/{id} (update)', () => {
    const cases: [string, unknown, string][] = [
      ['an unknown field', { nickname: 'Al' }, 'nickname'],
      ['an unknown field inside preferences', { preferences: { colour: 'blue' } }, 'preferences.colour'],
      ['age as the string "25"', { age: '25' }, 'age'],
      ['name as a number', { name: 42 }, 'name'],
      ['interests as an object', { interests: { a: 'b' } }, 'interests'],
      ['latitude as a string', { latitude: '52.5', longitude: 13.4 }, 'latitude'],
      ['age 17', { age: 17 }, 'age'],
      ['age 121', { age: 121 }, 'age'],
      ['latitude 91', { latitude: 91, longitude: 13.4 }, 'latitude'],
      ['a name of 101 characters', { name: x(101) }, 'name'],
      ['a bio of 1001 characters', { bio: x(1001) }, 'bio'],
      ['31 interests', { interests: Array.from({ length: 31 }, (_, i) => `interest${i}`) }, 'interests'],
      ['an interest of 51 characters', { interests: [x(51)] }, 'interests'],
      ['an unknown gender', { gender: 'robot' }, 'gender'],
      ['is_active as the string "maybe"', { is_active: 'maybe' }, 'is_active'],
      [
        'preferences.age_min above preferences.age_max',
        { preferences: { age_min: 40, age_max: 30 } },
        'preferences.age_min',
      ],
      ['preferences.age_min above the stored age_max', { preferences: { age_min: 60 } }, 'preferences.age_min'],
      ['latitude without longitude', { latitude: 52.5 }, 'longitude'],
      ['longitude without latitude', { longitude: 13.4 }, 'latitude'],
      // null for a required field is not "leave unchanged": it must be refused, not stored or crash
      ['name null', { name: null }, 'name'],
      ['age null', { age: null }, 'age'],
      ['gender null', { gender: null }, 'gender'],
      ['interests null', { interests: null }, 'interests'],
      ['is_active null', { is_active: null }, 'is_active'],
      ['preferences.age_max null', { preferences: { age_max: null } }, 'preferences.age_max'],
      ['a blank name (only spaces)', { name: '   ' }, 'name'],
    ];

    it.each(cases)('rejects %s and leaves the user unchanged', async (_, body, field) => {
      const before = await snapshot(alice.id);
      const res = await api('PUT', `/api/v1/users/${alice.id}`, { token: aliceToken, body });
      expectBadInput(res, field);
      expect(await snapshot(alice.id)).toEqual(before);
    });

    it('rejects invalid JSON and leaves the user unchanged', async () => {
      const before = await snapshot(alice.id);
      const res = await api('PUT', `/api/v1/users/${alice.id}`, { token: aliceToken, rawBody: `{"name":` });
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
      expect(await snapshot(alice.id)).toEqual(before);
    });

    it('rejects the whole update when one field is bad (the good fields are not applied either)', async () => {
      const before = await snapshot(alice.id);
      const res = await api('PUT', `/api/v1/users/${alice.id}`, {
        token: aliceToken,
        body: { name: 'Changed', bio: 'Changed', age: 17 },
      });
      expectBadInput(res, 'age');
      expect(await snapshot(alice.id)).toEqual(before);
    });

    it('still accepts a valid update (control)', async () => {
      const res = await api('PUT', `/api/v1/users/${alice.id}`, { token: aliceToken, body: { bio: 'Updated bio' } });
      expect(res.status).toBe(200);
      expect(res.body.bio).toBe('Updated bio');
    });
  });

  describe('malformed ids in paths are a 400 naming user_id', () => {
    const routes: [string, (id: string) => string][] = [
      ['GET', (id) => `/api/v1/users/${id}`],
      ['PUT', (id) => `/api/v1/users/${id}`],
      ['DELETE', (id) => `/api/v1/users/${id}`],
    ];
    const table = routes.flatMap(([method, path]) => BAD_IDS.map((id) => [method, id, path(id)] as const));

    it.each(table)('%s with id %s', async (method, _, path) => {
      const before = await snapshot(alice.id);
      const res = await api(method, path, { body: method === 'PUT' ? { bio: 'never' } : undefined });
      expectBadInput(res, 'user_id');
      expect(await snapshot(alice.id)).toEqual(before);
    });
  });

  describe('unknown ids are a 404', () => {
    it('GET an unknown user', async () => {
      const res = await api('GET', `/api/v1/users/${UNKNOWN_ID}`);
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: 404, error: 'NOT_FOUND' });
      expect(res.body.message).toContain(String(UNKNOWN_ID));
    });

    it('PUT an unknown user, which does not create it', async () => {
      const before = await markedUsers();
      const res = await api('PUT', `/api/v1/users/${UNKNOWN_ID}`, { body: { name: 'Ghost', location: MARK } });
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: 404, error: 'NOT_FOUND' });
      expect((await api('GET', `/api/v1/users/${UNKNOWN_ID}`)).status).toBe(404);
      expect((await markedUsers()).byLocation).toBe(before.byLocation);
    });

    it('DELETE an unknown user', async () => {
      const res = await api('DELETE', `/api/v1/users/${UNKNOWN_ID}`);
      expect({ status: res.status, error: res.body?.error }).toEqual({ status: 404, error: 'NOT_FOUND' });
    });

    it('DELETE an already deleted user', async () => {
      const gone = await createUser({ name: 'Gone', location: `${MARK}-gone` });
      expect((await api('DELETE', `/api/v1/users/${gone.id}`)).status).toBe(200);
      const again = await api('DELETE', `/api/v1/users/${gone.id}`);
      expect({ status: again.status, error: again.body?.error }).toEqual({ status: 404, error: 'NOT_FOUND' });
    });
  });

  describe('GET /api/v1/users/ filters and the searches', () => {
    const cases: [string, string, string][] = [
      ['limit 0', '/api/v1/users/?limit=0', 'limit'],
      ['negative limit', '/api/v1/users/?limit=-1', 'limit'],
      ['limit over 100', '/api/v1/users/?limit=101', 'limit'],
      ['limit as text', '/api/v1/users/?limit=ten', 'limit'],
      ['limit as a fraction', '/api/v1/users/?limit=1.5', 'limit'],
      ['limit given twice', '/api/v1/users/?limit=10&limit=20', 'limit'],
      ['negative offset', '/api/v1/users/?offset=-1', 'offset'],
      ['offset as text', '/api/v1/users/?offset=first', 'offset'],
      ['min_age 17', '/api/v1/users/?min_age=17', 'min_age'],
      ['max_age 121', '/api/v1/users/?max_age=121', 'max_age'],
      ['min_age as text', '/api/v1/users/?min_age=old', 'min_age'],
      ['min_age above max_age', '/api/v1/users/?min_age=40&max_age=30', 'min_age'],
      ['an unknown gender', '/api/v1/users/?gender=robot', 'gender'],
      ['is_active=maybe', '/api/v1/users/?is_active=maybe', 'is_active'],
      ['is_active=1', '/api/v1/users/?is_active=1', 'is_active'],
      ['a location of 101 characters', `/api/v1/users/?location=${x(101)}`, 'location'],
      ['location given twice', '/api/v1/users/?location=a&location=b', 'location'],
      ['an unknown filter', '/api/v1/users/?city=Berlin', 'city'],
      ['active: within_hours 0', '/api/v1/users/search/active?within_hours=0', 'within_hours'],
      ['active: within_hours 8761', '/api/v1/users/search/active?within_hours=8761', 'within_hours'],
      ['active: within_hours as text', '/api/v1/users/search/active?within_hours=recently', 'within_hours'],
      ['active: limit 0', '/api/v1/users/search/active?limit=0', 'limit'],
      ['active: limit over 100', '/api/v1/users/search/active?limit=101', 'limit'],
      ['active: negative offset', '/api/v1/users/search/active?offset=-1', 'offset'],
      ['active: an unknown parameter', '/api/v1/users/search/active?gender=male', 'gender'],
      ['by-interest: no interest', '/api/v1/users/search/by-interest', 'interest'],
      ['by-interest: an empty interest', '/api/v1/users/search/by-interest?interest=', 'interest'],
      ['by-interest: an interest of 51 characters', `/api/v1/users/search/by-interest?interest=${x(51)}`, 'interest'],
      ['by-interest: negative limit', '/api/v1/users/search/by-interest?interest=hiking&limit=-1', 'limit'],
      ['by-interest: negative offset', '/api/v1/users/search/by-interest?interest=hiking&offset=-5', 'offset'],
      ['by-interest: an unknown parameter', '/api/v1/users/search/by-interest?interest=hiking&tag=x', 'tag'],
    ];

    it.each(cases)('rejects %s', async (_, path, field) => {
      expectBadInput(await api('GET', path), field);
    });

    it('accepts the same filters within range (control)', async () => {
      const res = await api(
        'GET',
        '/api/v1/users/?limit=100&offset=0&min_age=18&max_age=120&gender=female&is_active=false',
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ limit: 100, offset: 0 });
    });
  });
});
