import { toCandidateProfile, toRelations } from './candidate-profiles';

describe('toRelations', () => {
  it('excludes everything the viewer did and blocks against them; likers feed the reciprocal arm', () => {
    const at = '2025-01-01T00:00:00Z';
    const r = toRelations([
      { id: 2, type: 'like', created_at: at, mine: true },
      { id: 3, type: 'dislike', created_at: at, mine: true },
      { id: 4, type: 'block', created_at: at, mine: true },
      { id: 5, type: 'block', created_at: at, mine: false },
      { id: 6, type: 'super_like', created_at: at, mine: false },
      { id: 2, type: 'like', created_at: at, mine: false },
    ]);
    expect([...r.excluded].sort()).toEqual([2, 3, 4, 5]);
    expect(r.swipes).toBe(2);
    expect(r.likers).toEqual([
      { id: 6, superLike: true, atMs: Date.parse(at) },
      { id: 2, superLike: false, atMs: Date.parse(at) },
    ]);
  });
});

describe('toCandidateProfile', () => {
  it('maps a users row', () => {
    const p = toCandidateProfile({
      id: 1, age: 30, gender: 'female', latitude: null, longitude: null, interests: ['jazz'], pref_genders: ['male'], pref_age_min: 25, pref_age_max: 35,
      pref_max_distance_km: 50, is_active: true, created_at: new Date(1000), updated_at: '1970-01-01T00:00:02Z',
    });
    expect(p).toMatchObject({ prefGenders: ['male'], prefMaxDistanceKm: 50, isActive: true, createdAtMs: 1000, updatedAtMs: 2000 });
  });
});
