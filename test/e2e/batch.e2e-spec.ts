import { ADMIN, api, createUser, tokenFor } from '../support/api';

/** Batch endpoints for apps migrating from another system: admin only, all or nothing, errors per record. */
describe('batch imports through the gateway', () => {
  const person = (name: string, extra: Record<string, unknown> = {}) => ({
    name,
    age: 29,
    gender: 'male',
    interests: ['chess'],
    ...extra,
  });
  const totalUsers = async () => (await api('GET', '/api/v1/users/?limit=1')).body.total as number;

  it('creates every user of a valid batch', async () => {
    const res = await api('POST', '/api/v1/users/batch', {
      body: { users: [person('B1', { external_id: 'batch-b1' }), person('B2')] },
    });
    expect(res.status).toBe(201);
    expect(res.body.created).toBe(2);
    expect(res.body.items.map((u: { name: string }) => u.name)).toEqual(['B1', 'B2']);
    expect(res.body.items.every((u: { id: number }) => Number.isInteger(u.id))).toBe(true);
  });

  it('rejects a batch with bad records, naming each one, and creates nobody', async () => {
    const before = await totalUsers();
    const res = await api('POST', '/api/v1/users/batch', {
      body: { users: [person('Ok'), person('Young', { age: 16 }), person('Odd', { gender: 'robot' })] },
    });
    expect(res.status).toBe(400);
    expect(res.body.details.map((d: { field: string }) => d.field)).toEqual(['users.1.age', 'users.2.gender']);
    expect(await totalUsers()).toBe(before);
  });

  it('reports external_id clashes per record with 409, within the batch or with stored users', async () => {
    const before = await totalUsers();
    const res = await api('POST', '/api/v1/users/batch', {
      body: { users: [person('C1', { external_id: 'batch-b1' }), person('C2')] },
    });
    expect(res.status).toBe(409);
    expect(res.body.details).toEqual([{ field: 'users.0.external_id', reasons: ['already used by another user'] }]);
    const dup = await api('POST', '/api/v1/users/batch', {
      body: { users: [person('D1', { external_id: 'x-1' }), person('D2', { external_id: 'x-1' })] },
    });
    expect(dup.status).toBe(400);
    expect(dup.body.details[0].field).toBe('users.1.external_id');
    expect(await totalUsers()).toBe(before);
  });

  it('limits a batch to 1,000 records and needs at least one', async () => {
    const big = await api('POST', '/api/v1/users/batch', {
      body: { users: Array.from({ length: 1001 }, (_, i) => person(`P${i}`)) },
    });
    expect(big.status).toBe(400);
    expect(big.body.message).toMatch(/users: users must contain no more than 1000 elements/);
    const empty = await api('POST', '/api/v1/users/batch', { body: { users: [] } });
    expect(empty.status).toBe(400);
  });

  it('is for admins only', async () => {
    const u = await createUser();
    const res = await api('POST', '/api/v1/users/batch', { token: tokenFor(u.id), body: { users: [person('Nope')] } });
    expect(res.status).toBe(403);
    const res2 = await api('POST', '/api/v1/interactions/batch', { token: tokenFor(u.id), body: { interactions: [] } });
    expect(res2.status).toBe(403);
  });

  it('stores historical interactions with their times, skips repeats, finds matches, and rejects bad records per index', async () => {
    const [a, b, c] = [await createUser(), await createUser(), await createUser()];
    const body = {
      interactions: [
        { user_id: a.id, target_user_id: b.id, interaction_type: 'like', created_at: '2025-01-01T10:00:00Z' },
        { user_id: b.id, target_user_id: a.id, interaction_type: 'super_like', created_at: '2025-01-02T10:00:00Z' },
        { user_id: a.id, target_user_id: c.id, interaction_type: 'dislike' },
      ],
    };
    const first = await api('POST', '/api/v1/interactions/batch', { body });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: 3, existing: 0 });
    expect(first.body.items[0].created_at).toBe('2025-01-01T10:00:00.000Z');
    const again = await api('POST', '/api/v1/interactions/batch', { body });
    expect(again.body).toMatchObject({ created: 0, existing: 3 });
    const matches = await api('GET', `/api/v1/matches/${a.id}`, { token: ADMIN() });
    expect(matches.body.items.map((m: { matched_user_id: number }) => m.matched_user_id)).toEqual([b.id]);

    const bad = await api('POST', '/api/v1/interactions/batch', {
      body: {
        interactions: [
          { user_id: c.id, target_user_id: a.id, interaction_type: 'like' },
          { user_id: c.id, target_user_id: c.id, interaction_type: 'like' },
          { user_id: c.id, target_user_id: 999999, interaction_type: 'like' },
        ],
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual([
      'interactions.1.target_user_id',
      'interactions.2.target_user_id',
    ]);
    const changed = await api('POST', '/api/v1/interactions/batch', {
      body: { interactions: [{ user_id: a.id, target_user_id: c.id, interaction_type: 'like' }] },
    });
    expect(changed.status).toBe(409);
    expect(changed.body.details[0]).toEqual({
      field: 'interactions.0.interaction_type',
      reasons: ['conflicts with the stored dislike of this pair'],
    });
    const cGiven = await api('GET', `/api/v1/interactions/user/${c.id}?direction=given`, { token: ADMIN() });
    expect(cGiven.body.total).toBe(0);
  });
});
