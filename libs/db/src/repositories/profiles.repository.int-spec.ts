import { insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import { ProfilesRepository, type ProfileRow } from './profiles.repository';

/** ProfilesRepository against PostgreSQL: profiles by id, in pages, changed since, and the id checks. */
describe('ProfilesRepository (integration)', () => {
  const db = useRepositoryDatabase('profiles_repo');
  const repo = () => new ProfilesRepository(db());
  const ids: number[] = [];

  beforeAll(async () => {
    const her = { gender: 'female', pref_genders: ['male'], interests: ['jazz'], latitude: 52.5, longitude: 13.4 };
    ids.push(await insertUser(db(), { ...her, pref_max_distance_km: 50 }));
    for (let i = 0; i < 4; i++) ids.push(await insertUser(db(), { age: 20 + i }));
  });

  it('reads profiles by id in libs/ml shape, positions at their grid cell centre, leaving out ids that are no user', async () => {
    const [p] = await repo().findByIds([ids[0], 999_999]);
    expect(p).toMatchObject({ id: ids[0], age: 30, gender: 'female', gendersSought: ['male'], ageMin: 18, ageMax: 99 });
    // (52.5, 13.4) lies in the cell centred on (52.505, 13.397576): libs/ml geo.ts gridPosition.
    expect(p).toMatchObject({ maxDistanceKm: 50, latitude: 52.505, longitude: 13.397576, interests: ['jazz'] });
    expect(p).toMatchObject({ isActive: true, interestKeys: undefined });
    expect(p).toMatchObject({ createdAt: expect.any(Number), updatedAtMs: expect.any(Number) });
    expect((await repo().findByIds(ids)).map((x) => x.id).sort((a, b) => a - b)).toEqual(ids);
  });

  it('hands every profile once, by id, page by page', async () => {
    const pages: number[][] = [];
    await repo().forEachPage(2, (rows: ProfileRow[]) => {
      pages.push(rows.map((r) => r.id));
    });
    expect(pages).toEqual([ids.slice(0, 2), ids.slice(2, 4), ids.slice(4)]);
  });

  it('finds the profiles written since a time, counts users, lists their ids, reads the database clock', async () => {
    const now = await repo().databaseNow();
    expect(Math.abs(now.getTime() - Date.now())).toBeLessThan(60_000);
    expect(await repo().findChangedSince(new Date(now.getTime() + 1000))).toEqual([]);
    await db().query(`UPDATE users SET updated_at = now() + interval '1 hour' WHERE id = $1`, [ids[3]]);
    expect((await repo().findChangedSince(new Date(now.getTime() + 1000))).map((r) => r.id)).toEqual([ids[3]]);
    expect(await repo().count()).toBe(ids.length);
    expect((await repo().findAllIds()).sort((a, b) => a - b)).toEqual(ids);
  });
});
