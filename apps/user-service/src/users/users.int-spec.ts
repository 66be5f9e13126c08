import { ErrorCode, Subjects } from '../../../../libs/contracts/src';
import { type ServiceFixture, startServiceFixture } from '../../../../test/support/service-fixture';
import { waitFor } from '../../../../test/support/infra';
import { whileTablesLocked } from '../../../../test/support/locked-tables';

/** The user-service process over NATS, against a real PostgreSQL and JetStream. */
describe('user-service (integration)', () => {
  let fx: ServiceFixture;

  beforeAll(async () => {
    fx = await startServiceFixture('users', ['user-service']);
  }, 60_000);
  afterAll(() => fx?.stop());

  const base = { name: 'Dana', age: 31, gender: 'female' as const };

  it('creates, reads, updates and deletes a profile', async () => {
    const created = await fx.rpc.send(Subjects.users.create, {
      ...base,
      interests: [' Yoga ', 'yoga', 'Climbing'],
      preferences: { max_distance_km: 40 },
    });
    expect(created).toMatchObject({
      name: 'Dana',
      interests: ['yoga', 'climbing'],
      preferences: { genders: ['female', 'male', 'non_binary'], age_min: 21, age_max: 41, max_distance_km: 40 },
    });
    expect(await fx.rpc.send(Subjects.users.get, { id: created.id })).toEqual(created);

    const updated = await fx.rpc.send(Subjects.users.update, {
      id: created.id,
      changes: { bio: 'hi', preferences: { age_max: 35 } },
    });
    expect(updated).toMatchObject({ bio: 'hi', preferences: { age_min: 21, age_max: 35, max_distance_km: 40 } });

    const removed = await fx.rpc.send(Subjects.users.delete, { id: created.id });
    expect(removed).toEqual({
      id: created.id,
      deleted: true,
      removed: {
        users: 1,
        interactions: 0,
        idempotency_keys: 0,
        impressions: 0,
        user_aggregates: 0,
        webhook_deliveries: 0,
      },
    });
    await expect(fx.rpc.send(Subjects.users.get, { id: created.id })).rejects.toMatchObject({
      code: ErrorCode.NotFound,
    });
  });

  it("deletes the impressions naming the user, as viewer and as candidate, and no one else's", async () => {
    const [a, b, c] = [
      await fx.rpc.send(Subjects.users.create, base),
      await fx.rpc.send(Subjects.users.create, base),
      await fx.rpc.send(Subjects.users.create, base),
    ];
    // Pages of served lists: a's own (goes), one where a sits between others (a is taken out,
    // the rest keep their positions and scores), one holding only a (goes), and one without a.
    const pages: [number, number[]][] = [
      [a.id, [b.id, c.id]],
      [b.id, [a.id, c.id]],
      [c.id, [a.id]],
      [c.id, [b.id]],
    ];
    for (const [i, [viewer, candidates]] of pages.entries()) {
      await fx.db.query(
        `INSERT INTO impression_pages (viewer_id, candidate_ids, positions, scores, p_like, p_liked_back, sources, request_id)
         SELECT $1, $2::int[], array_agg(p::smallint), array_agg(p / 10.0), array_agg(0.5::real), array_agg(0.5::real), array_agg('content'::text), $3
           FROM generate_series(1, cardinality($2::int[])) AS p`,
        [viewer, candidates, `page-${i}`],
      );
    }
    const removed = await fx.rpc.send(Subjects.users.delete, { id: a.id });
    expect(removed.removed.impressions).toBe(4);
    const { rows } = await fx.db.query(
      'SELECT viewer_id, candidate_id, position, score, sources, request_id FROM impressions ORDER BY request_id, position',
    );
    const others = rows.filter((r) => [b.id, c.id].includes(r.viewer_id));
    expect(others).toEqual([
      { viewer_id: b.id, candidate_id: c.id, position: 2, score: 0.2, sources: ['content'], request_id: 'page-1' },
      { viewer_id: c.id, candidate_id: b.id, position: 1, score: 0.1, sources: ['content'], request_id: 'page-3' },
    ]);
    expect(
      (
        await fx.db.query('SELECT count(*)::int AS n FROM impression_pages WHERE request_id = ANY($1)', [
          ['page-0', 'page-2'],
        ])
      ).rows[0].n,
    ).toBe(0);
  });

  it('reports a duplicate external_id as a conflict and writes nothing', async () => {
    await fx.rpc.send(Subjects.users.create, { ...base, external_id: 'dup-1' });
    const before = (await fx.db.query('SELECT count(*)::int AS n FROM users')).rows[0].n;
    const err = await fx.rpc.sendExpectingError(Subjects.users.create, { ...base, external_id: 'dup-1' });
    expect(err).toMatchObject({ code: ErrorCode.Conflict, details: [{ field: 'external_id' }] });
    expect((await fx.db.query('SELECT count(*)::int AS n FROM users')).rows[0].n).toBe(before);
  });

  it('refuses a deletion whose id is not an id (or is missing) before any SQL, and deletes nothing', async () => {
    const kept = await fx.rpc.send(Subjects.users.create, { ...base, name: 'Kept' });
    const count = async () => (await fx.db.query('SELECT count(*)::int AS n FROM users')).rows[0].n;
    const deletions = async () => (await fx.events(Subjects.events.userDeleted)).length;
    const [usersBefore, deletionsBefore] = [await count(), await deletions()];
    const bad = [{ id: '1 OR 1=1' }, {}, { id: `${kept.id}; DELETE FROM users` }, { id: kept.id, cascade: true }];
    const refusals = await whileTablesLocked(fx.databaseUrl, () =>
      Promise.all(bad.map((payload) => fx.rpc.sendExpectingError(Subjects.users.delete, payload as never))),
    );
    const notAnId = {
      code: ErrorCode.ValidationFailed,
      message: expect.stringMatching(/^id: /),
      details: [{ field: 'id', reasons: expect.arrayContaining(['id must be an integer number']) }],
    };
    expect(refusals).toEqual([
      notAnId,
      notAnId,
      notAnId,
      {
        code: ErrorCode.ValidationFailed,
        message: 'cascade: unknown field',
        details: [{ field: 'cascade', reasons: ['unknown field'] }],
      },
    ]);
    expect(await count()).toBe(usersBefore);
    expect(await fx.rpc.send(Subjects.users.get, { id: kept.id })).toMatchObject({ name: 'Kept' });
    expect(await deletions()).toBe(deletionsBefore);
  });

  it('rejects preferences whose age range is inverted after merging', async () => {
    const u = await fx.rpc.send(Subjects.users.create, { ...base, preferences: { age_min: 25, age_max: 30 } });
    const err = await fx.rpc.sendExpectingError(Subjects.users.update, {
      id: u.id,
      changes: { preferences: { age_min: 33 } },
    });
    expect(err).toMatchObject({ code: ErrorCode.ValidationFailed, details: [{ field: 'preferences.age_min' }] });
    expect((await fx.rpc.send(Subjects.users.get, { id: u.id })).preferences.age_min).toBe(25);
  });

  it('announces creations, updates and deletions on JetStream through the outbox', async () => {
    const u = await fx.rpc.send(Subjects.users.create, { ...base, name: 'Evented' });
    await fx.rpc.send(Subjects.users.update, { id: u.id, changes: { name: 'Evented 2' } });
    await fx.rpc.send(Subjects.users.delete, { id: u.id });
    await waitFor(
      async () => {
        const deleted = await fx.events(Subjects.events.userDeleted);
        if (!deleted.some((e) => e.user_id === u.id)) throw new Error('no deletion event yet');
      },
      10_000,
      'user.deleted event',
    );
    // Ids only: a profile in the stream would outlive the person's deletion.
    expect(await fx.events(Subjects.events.userCreated)).toContainEqual({ user_id: u.id });
    expect(await fx.events(Subjects.events.userUpdated)).toContainEqual({ user_id: u.id });
    await waitFor(
      async () => {
        const { rows } = await fx.db.query('SELECT count(*)::int AS n FROM outbox_events');
        if (rows[0].n !== 0) throw new Error(`${rows[0].n} events still in the outbox`);
      },
      10_000,
      'outbox drained',
    );
  });

  it('filters, paginates and searches', async () => {
    for (const [i, loc] of ['Oslo', 'oslo', 'Bergen'].entries()) {
      await fx.rpc.send(Subjects.users.create, {
        ...base,
        name: `F${i}`,
        age: 40 + i,
        location: loc,
        interests: ['fjords'],
        gender: 'male',
      });
    }
    const page = await fx.rpc.send(Subjects.users.list, { location: 'OSLO', limit: 1, offset: 1, gender: 'male' });
    expect(page).toMatchObject({ total: 2, limit: 1, offset: 1 });
    expect(page.items.map((u) => u.name)).toEqual(['F1']);
    const byInterest = await fx.rpc.send(Subjects.users.searchByInterest, { interest: 'Fjords', limit: 10, offset: 0 });
    expect(byInterest.total).toBe(3);
    const ages = await fx.rpc.send(Subjects.users.list, { min_age: 41, max_age: 42, limit: 10, offset: 0 });
    expect(ages.items.map((u) => u.age).sort()).toEqual([41, 42]);
  });
});
