/** Profiles for the specs: a 30-year-old woman in Berlin seeking men aged 25 to 35. */
import type { CandidateProfile } from './profile';

export const profile = (id: number, over: Partial<CandidateProfile> = {}): CandidateProfile => ({
  id,
  age: 30,
  gender: 'female',
  latitude: 52.52,
  longitude: 13.405,
  interests: [],
  gendersSought: ['male'],
  ageMin: 25,
  ageMax: 35,
  maxDistanceKm: null,
  isActive: true,
  createdAt: 0,
  updatedAtMs: 0,
  ...over,
});

/** A 30-year-old man in Berlin seeking women aged 25 to 35, who fits `profile`'s defaults. */
export const man = (id: number, over: Partial<CandidateProfile> = {}): CandidateProfile =>
  profile(id, { gender: 'male', gendersSought: ['female'], ...over });
