import {
  DomainError,
  type CreateUserInput,
  type UpdateUserInput,
  type UserPreferences,
  type UserView,
} from '@app/contracts';
import type { UserEntity } from '@app/db';
import { GENDERS, normalizeInterests } from '@app/contracts';

/** How far from their own age people look by default, in years. */
const DEFAULT_AGE_WINDOW = 10;

/** The preferences a new user gets for what they did not state: everyone, a window around their age, any distance. */
export function defaultPreferences(age: number): UserPreferences {
  return {
    genders: [...GENDERS],
    age_min: Math.max(18, age - DEFAULT_AGE_WINDOW),
    age_max: Math.min(120, age + DEFAULT_AGE_WINDOW),
    max_distance_km: null,
  };
}

/** Applies create/update input onto an entity, enforcing rules that span fields. */
export function applyUserInput(entity: UserEntity, input: CreateUserInput | UpdateUserInput): UserEntity {
  if (input.name !== undefined) entity.name = input.name.trim();
  if (input.age !== undefined) entity.age = input.age;
  if (input.gender !== undefined) entity.gender = input.gender;
  if (input.location !== undefined) entity.location = input.location?.trim() || null;
  if (input.bio !== undefined) entity.bio = input.bio;
  if (input.interests !== undefined) entity.interests = normalizeInterests(input.interests);
  if (input.latitude !== undefined) entity.latitude = input.latitude;
  if (input.longitude !== undefined) entity.longitude = input.longitude;
  if (input.is_active !== undefined) entity.isActive = input.is_active;
  if (input.external_id !== undefined) entity.externalId = input.external_id;
  const current: UserPreferences = entity.prefGenders
    ? {
        genders: entity.prefGenders,
        age_min: entity.prefAgeMin,
        age_max: entity.prefAgeMax,
        max_distance_km: entity.prefMaxDistanceKm,
      }
    : defaultPreferences(entity.age);
  const prefs = { ...current, ...stripUndefined(input.preferences ?? {}) };
  if (prefs.age_min > prefs.age_max)
    throw DomainError.invalid(
      'preferences.age_min',
      `must not exceed preferences.age_max (${prefs.age_min} > ${prefs.age_max})`,
    );
  if ((entity.latitude === null) !== (entity.longitude === null)) {
    throw DomainError.invalid(
      entity.latitude === null ? 'latitude' : 'longitude',
      'latitude and longitude must be given together',
    );
  }
  entity.prefGenders = [...new Set(prefs.genders)];
  entity.prefAgeMin = prefs.age_min;
  entity.prefAgeMax = prefs.age_max;
  entity.prefMaxDistanceKm = prefs.max_distance_km;
  return entity;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The API shape of a stored user. */
export function toUserView(u: UserEntity): UserView {
  return {
    id: u.id,
    name: u.name,
    age: u.age,
    gender: u.gender,
    location: u.location,
    bio: u.bio,
    interests: u.interests,
    latitude: u.latitude,
    longitude: u.longitude,
    preferences: {
      genders: u.prefGenders,
      age_min: u.prefAgeMin,
      age_max: u.prefAgeMax,
      max_distance_km: u.prefMaxDistanceKm,
    },
    is_active: u.isActive,
    last_active_at: u.lastActiveAt ? u.lastActiveAt.toISOString() : null,
    created_at: u.createdAt.toISOString(),
    updated_at: u.updatedAt.toISOString(),
  };
}
