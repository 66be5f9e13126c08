import { type EligibilityUser, rejectionReason } from './eligibility';

const user = (id: number, over: Partial<EligibilityUser> = {}): EligibilityUser => ({
  id, age: 30, gender: 'female', latitude: 52.52, longitude: 13.405, pref_genders: ['male'], pref_age_min: 25, pref_age_max: 35,
  pref_max_distance_km: null, is_active: true, ...over,
});
const viewer = user(1);
const man = (over: Partial<EligibilityUser> = {}) => user(2, { gender: 'male', pref_genders: ['female'], ...over });
const none = { swiped: false, blocked: false };

describe('rejectionReason', () => {
  it('accepts a fitting, active, unswiped person', () => {
    expect(rejectionReason(viewer, 2, man(), none)).toBeNull();
  });

  it('names the first rule that fails', () => {
    expect(rejectionReason(viewer, 1, viewer, none)).toBe('self');
    expect(rejectionReason(viewer, 2, undefined, none)).toBe('not_found');
    expect(rejectionReason(viewer, 2, man({ is_active: false }), none)).toBe('inactive');
    expect(rejectionReason(viewer, 2, man(), { swiped: true, blocked: true })).toBe('blocked');
    expect(rejectionReason(viewer, 2, man(), { swiped: true, blocked: false })).toBe('already_swiped');
  });

  it('applies both people\'s gender and age preferences', () => {
    expect(rejectionReason(viewer, 2, user(2), none)).toBe('gender_preference');
    expect(rejectionReason(viewer, 2, man({ pref_genders: ['male'] }), none)).toBe('gender_preference');
    expect(rejectionReason(viewer, 2, man({ age: 40 }), none)).toBe('age_preference');
    expect(rejectionReason(viewer, 2, man({ pref_age_min: 18, pref_age_max: 25 }), none)).toBe('age_preference');
  });

  it('applies either person\'s distance limit when both locations are known', () => {
    const hamburg = { latitude: 53.55, longitude: 9.99 };
    expect(rejectionReason({ ...viewer, pref_max_distance_km: 100 }, 2, man(hamburg), none)).toBe('distance_preference');
    expect(rejectionReason(viewer, 2, man({ ...hamburg, pref_max_distance_km: 100 }), none)).toBe('distance_preference');
    expect(rejectionReason({ ...viewer, pref_max_distance_km: 300 }, 2, man(hamburg), none)).toBeNull();
    expect(rejectionReason({ ...viewer, pref_max_distance_km: 100 }, 2, man({ latitude: null, longitude: null }), none)).toBeNull();
  });
});
