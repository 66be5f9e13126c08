import { rejectionReason } from './hard-rules';
import type { CandidateProfile } from './profile';
import { man as aMan, profile as user } from './profile.fixture';

const viewer = user(1);
const man = (over: Partial<CandidateProfile> = {}) => aMan(2, over);
const none = { swiped: false, blocked: false };

describe('rejectionReason', () => {
  it('accepts a fitting, active, unswiped person', () => {
    expect(rejectionReason(viewer, 2, man(), none)).toBeNull();
  });

  it('names the first rule that fails', () => {
    expect(rejectionReason(viewer, 1, viewer, none)).toBe('self');
    expect(rejectionReason(viewer, 2, undefined, none)).toBe('not_found');
    expect(rejectionReason(viewer, 2, man({ isActive: false }), none)).toBe('inactive');
    expect(rejectionReason(viewer, 2, man(), { swiped: true, blocked: true })).toBe('blocked');
    expect(rejectionReason(viewer, 2, man(), { swiped: true, blocked: false })).toBe('already_swiped');
  });

  it("applies both people's gender and age preferences", () => {
    expect(rejectionReason(viewer, 2, user(2), none)).toBe('gender_preference');
    expect(rejectionReason(viewer, 2, man({ gendersSought: ['male'] }), none)).toBe('gender_preference');
    expect(rejectionReason(viewer, 2, man({ age: 40 }), none)).toBe('age_preference');
    expect(rejectionReason(viewer, 2, man({ ageMin: 18, ageMax: 25 }), none)).toBe('age_preference');
  });

  it("applies either person's distance limit when both locations are known", () => {
    const hamburg = { latitude: 53.55, longitude: 9.99 };
    expect(rejectionReason({ ...viewer, maxDistanceKm: 100 }, 2, man(hamburg), none)).toBe('distance_preference');
    expect(rejectionReason(viewer, 2, man({ ...hamburg, maxDistanceKm: 100 }), none)).toBe('distance_preference');
    expect(rejectionReason({ ...viewer, maxDistanceKm: 300 }, 2, man(hamburg), none)).toBeNull();
    expect(
      rejectionReason({ ...viewer, maxDistanceKm: 100 }, 2, man({ latitude: null, longitude: null }), none),
    ).toBeNull();
  });
});
