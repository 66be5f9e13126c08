import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import { UserEntity } from '../entities/user.entity';
import { UsersRepository } from './users.repository';

/** UsersRepository against PostgreSQL: writes, list filters and searches, and the existence checks. */
describe('UsersRepository (integration)', () => {
  const db = useRepositoryDatabase('users_repo');
  const repo = () => new UsersRepository(db());
  const newUser = (over: Partial<UserEntity> = {}): UserEntity =>
    Object.assign(new UserEntity(), {
      name: 'Ann',
      age: 30,
      gender: 'female',
      location: null,
      bio: null,
      interests: [],
      latitude: null,
      longitude: null,
      prefGenders: ['male'],
      prefAgeMin: 25,
      prefAgeMax: 40,
      prefMaxDistanceKm: null,
      externalId: null,
      ...over,
    });

  it('saves, finds, locks and deletes a user, the delete cascading to their interactions', async () => {
    const saved = await repo().save(newUser({ externalId: 'ext-1', interests: ['jazz'] }));
    expect(saved).toMatchObject({ id: expect.any(Number), isActive: true, interests: ['jazz'] });
    expect(saved.createdAt).toBeInstanceOf(Date);
    expect(await repo().findById(saved.id)).toMatchObject({ name: 'Ann', externalId: 'ext-1' });
    const other = await insertUser(db());
    await insertInteraction(db(), other, saved.id, 'like');
    await db().transaction(async (m) => {
      const locked = await repo().findByIdForUpdate(saved.id, m);
      expect(locked?.id).toBe(saved.id);
      await repo().delete(saved.id, m);
    });
    expect(await repo().findById(saved.id)).toBeNull();
    expect(await db().transaction((m) => repo().findByIdForUpdate(saved.id, m))).toBeNull();
    const [{ n }] = await db().query('SELECT count(*)::int AS n FROM interactions WHERE target_id = $1', [saved.id]);
    expect(n).toBe(0);
  });

  it('inserts many at once and tells which external ids and which ids are taken', async () => {
    const batch = [newUser({ externalId: 'batch-a' }), newUser({ externalId: 'batch-b' })];
    const users = await db().transaction((m) => repo().insertMany(batch, m));
    expect(users.map((u) => u.externalId)).toEqual(['batch-a', 'batch-b']);
    const taken = await repo().findTakenExternalIds(['batch-b', 'nobody', 'batch-a']);
    expect(taken.sort()).toEqual(['batch-a', 'batch-b']);
    const ids = users.map((u) => u.id);
    expect([...(await repo().findExistingIds([...ids, 999_999]))].sort()).toEqual(ids.sort());
  });

  it('lists by location (any case), age, gender and activity, by id, with the total', async () => {
    const berlin = await repo().save(newUser({ name: 'B', location: 'Berlin', age: 25, gender: 'male' }));
    const berlin2 = await repo().save(newUser({ name: 'B2', location: 'BERLIN', age: 35, gender: 'female' }));
    await repo().save(newUser({ name: 'P', location: 'Paris', age: 25 }));
    const page = { limit: 10, offset: 0 };
    expect((await repo().findPage({ location: 'berlin' }, page))[0].map((u) => u.id)).toEqual([berlin.id, berlin2.id]);
    expect((await repo().findPage({ location: 'berlin', minAge: 30 }, page))[0].map((u) => u.id)).toEqual([berlin2.id]);
    const young = await repo().findPage({ location: 'berlin', maxAge: 30, gender: 'male' }, page);
    expect(young[0].map((u) => u.id)).toEqual([berlin.id]);
    const [rows, total] = await repo().findPage({ location: 'berlin' }, { limit: 1, offset: 1 });
    expect([rows.map((u) => u.id), total]).toEqual([[berlin2.id], 2]);
    expect((await repo().findPage({ location: 'berlin', isActive: false }, page))[1]).toBe(0);
  });

  it('searches the recently active (most recent first) and by interest', async () => {
    const a = await repo().save(newUser({ interests: ['hiking', 'chess'] }));
    const b = await repo().save(newUser({ interests: ['chess'] }));
    const asleep = await repo().save(newUser({ interests: ['chess'], isActive: false }));
    await db().query(`UPDATE users SET last_active_at = now() - interval '3 hours' WHERE id = $1`, [a.id]);
    const hourAgo = `UPDATE users SET last_active_at = now() - interval '1 hour' WHERE id IN ($1, $2)`;
    await db().query(hourAgo, [b.id, asleep.id]);
    const page = { limit: 10, offset: 0 };
    const active = (await repo().findActivePage(2, page))[0].map((u) => u.id);
    expect(active).toContain(b.id);
    expect(active).not.toContain(a.id);
    expect(active).not.toContain(asleep.id);
    const within4 = (await repo().findActivePage(4, page))[0].map((u) => u.id);
    expect(within4.filter((id) => id === a.id || id === b.id)).toEqual([b.id, a.id]);
    const chess = (await repo().findWithInterestPage('chess', page))[0].map((u) => u.id);
    expect(chess).toEqual([a.id, b.id, asleep.id]);
    expect((await repo().findWithInterestPage('hiking', page))[1]).toBe(1);
  });

  it('records activity without marking the profile changed (updated_at stays)', async () => {
    const u = await repo().save(newUser());
    await db().transaction((m) => repo().touchLastActive(u.id, m));
    const after = (await repo().findById(u.id))!;
    expect(after.lastActiveAt).toBeInstanceOf(Date);
    expect(after.updatedAt.getTime()).toBe(u.updatedAt.getTime());
  });
});
