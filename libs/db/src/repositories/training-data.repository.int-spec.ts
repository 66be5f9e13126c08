import { Client } from 'pg';
import { useFreshDatabase } from '../../../../test/support/infra';
import { TrainingDataRepository } from './training-data.repository';

/** TrainingDataRepository against PostgreSQL, over a plain pg client as in the trainer's worker thread. */
describe('TrainingDataRepository (integration)', () => {
  let pg: Client;
  // Declared before the database's own clean-up, so the connection closes before it is dropped.
  afterAll(() => pg?.end());
  const url = useFreshDatabase('training_repo');

  it('reads profiles, the swipes up to an id by time and the impressions by time, from one snapshot', async () => {
    pg = new Client({ connectionString: url() });
    await pg.connect();
    const user = async (gender: string, latitude: number | null = null): Promise<number> =>
      (
        await pg.query(
          `INSERT INTO users (name, age, gender, pref_genders, pref_age_min, pref_age_max, interests, latitude,
                            created_at)
         VALUES ('U', 30, $1, '{female}', 20, 40, '{jazz}', $2, '2026-01-01T00:00:00Z') RETURNING id`,
          [gender, latitude],
        )
      ).rows[0].id;
    const a = await user('male', 52.5);
    const b = await user('female');
    const swipe = async (actor: number, target: number, type: string, at: string): Promise<number> => {
      const sql = `INSERT INTO interactions (actor_id, target_id, type, created_at) VALUES ($1, $2, $3, $4)
                   RETURNING id`;
      return Number((await pg.query(sql, [actor, target, type, at])).rows[0].id);
    };
    const later = await swipe(a, b, 'like', '2026-01-03T00:00:00Z');
    await swipe(b, a, 'dislike', '2026-01-02T00:00:00Z');
    const cutOff = await swipe(b, a, 'block', '2026-01-04T00:00:00Z');
    await swipe(a, b, 'block', '2026-01-05T00:00:00Z'); // after the cut-off id: not read
    await pg.query(
      `INSERT INTO impression_pages
         (viewer_id, candidate_ids, positions, scores, p_like, p_liked_back, sources, created_at) VALUES
         ($1, ARRAY[$2]::int[], '{1}', '{0.5}', '{0.5}', '{0.5}', '{a}', '2026-01-02T12:00:00Z'),
         ($2, ARRAY[$1, $2]::int[], '{1,2}', '{0.5,0.5}', '{0.5,0.5}', '{0.5,0.5}', '{a,b}', '2026-01-01T12:00:00Z')`,
      [a, b],
    );

    const data = await new TrainingDataRepository(pg).readSnapshot(cutOff);
    expect(data.userIds).toEqual([a, b]);
    const ms = (iso: string) => Date.parse(iso);
    expect(data.profiles.get(a)).toEqual({
      id: a,
      age: 30,
      gender: 'male',
      gendersSought: ['female'],
      ageMin: 20,
      ageMax: 40,
      latitude: 52.5,
      longitude: null,
      maxDistanceKm: null,
      interests: ['jazz'],
      createdAt: ms('2026-01-01T00:00:00Z'),
      isActive: true,
    });
    expect(data.swipes).toEqual([
      { actor: b, target: a, type: 'dislike', ts: ms('2026-01-02T00:00:00Z') },
      { actor: a, target: b, type: 'like', ts: ms('2026-01-03T00:00:00Z') },
      { actor: b, target: a, type: 'block', ts: ms('2026-01-04T00:00:00Z') },
    ]);
    expect(later).toBeLessThan(cutOff);
    expect(data.impressions).toEqual([
      { viewer: b, shown: a, ts: ms('2026-01-01T12:00:00Z') },
      { viewer: b, shown: b, ts: ms('2026-01-01T12:00:00Z') },
      { viewer: a, shown: b, ts: ms('2026-01-02T12:00:00Z') },
    ]);
    // The snapshot's transaction is over: the connection takes other work.
    expect((await pg.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });
});
