import { toProfile } from './profiles.repository';

describe('toProfile', () => {
  it('maps a users row', () => {
    const p = toProfile({
      id: 1,
      age: 30,
      gender: 'female',
      latitude: null,
      longitude: null,
      interests: ['jazz'],
      pref_genders: ['male'],
      pref_age_min: 25,
      pref_age_max: 35,
      pref_max_distance_km: 50,
      is_active: true,
      created_at: new Date(1000),
      updated_at: '1970-01-01T00:00:02Z',
    });
    expect(p).toMatchObject({
      gendersSought: ['male'],
      maxDistanceKm: 50,
      isActive: true,
      createdAt: 1000,
      updatedAtMs: 2000,
    });
  });
});
