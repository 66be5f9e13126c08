/**
 * Builds each synthetic person (public profile + hidden traits) from an OkCupid row. A person is
 * a pure function of (seed, index, row, join time), so the generator can rebuild profiles when it
 * writes them instead of holding a million objects through the simulation.
 */
import type { UserView } from '@app/contracts/users/user.types';
import type { Gender } from '@app/contracts';
import { drawHiddenTraits } from './behaviour';
import { CITIES, drawCity, jitterLocation } from './cities';
import { HOBBY_POLES, attributeTags, composeBio, displayName, hobbyTags } from './interests';
import type { OkCupidRow } from './okcupid';
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import type { Orientation, TruthPerson } from './truth.types';

/** Sub-stream tags, so each concern draws from its own independent sequence. */
export const STREAM = { rows: 0x524f5753, joins: 0x4a4f494e, person: 0x50455253, sim: 0x53494d55, final: 0x46494e4c };

/** Share of people shown as non-binary (OkCupid only recorded m/f). */
const NON_BINARY_SHARE = 0.015;
/** Most people limit distance to 25-150 km; some leave it open (null). */
const DISTANCES = [10, 25, 40, 50, 80, 100, 150, 200];
const DISTANCE_WEIGHTS = [0.03, 0.2, 0.1, 0.25, 0.1, 0.15, 0.12, 0.05];
const OPEN_DISTANCE_SHARE = 0.1;
const DAY_MS = 86_400_000;
const MAX_ATTRIBUTE_TAGS = 12;
const MAX_INTERESTS = 16;

/** One synthetic person. */
export interface BuiltPerson {
  user: UserView;
  hidden: TruthPerson;
  city: number;
}

/** What the simulation learnt about a person, for the fields that depend on it. */
export interface PersonActivity {
  lastActiveMs: number;
  isActive: boolean;
  updatedMs: number;
}

/**
 * OkCupid row of every person: a seeded permutation of the data set first (each real profile at
 * most once), then, past its size, rows drawn again (flagged, so they get varied).
 */
export function assignRows(
  seed: number,
  users: number,
  rows: number,
): { row: Int32Array; resampled: (i: number) => boolean } {
  const rng = new SeededRandom(seed, STREAM.rows);
  const perm = new Int32Array(rows);
  for (let i = 0; i < rows; i++) perm[i] = i;
  for (let i = rows - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = perm[i];
    perm[i] = perm[j];
    perm[j] = t;
  }
  const row = new Int32Array(users);
  for (let i = 0; i < users; i++) row[i] = i < rows ? perm[i] : rng.int(rows);
  return { row, resampled: (i) => i >= rows };
}

/**
 * Join times (epoch ms, whole seconds) in ascending order, so ids follow sign-up order as a
 * database sequence would: a share joined before the start, the rest during the simulated days.
 */
export function drawJoinTimes(
  seed: number,
  users: number,
  startMs: number,
  days: number,
  initialShare: number,
  initialSpanDays: number,
): Float64Array {
  const rng = new SeededRandom(seed, STREAM.joins);
  const out = new Float64Array(users);
  for (let i = 0; i < users; i++) {
    const t = rng.chance(initialShare)
      ? startMs - rng.next() * initialSpanDays * DAY_MS
      : startMs + rng.next() * days * DAY_MS;
    out[i] = Math.floor(t / 1000) * 1000;
  }
  return out.sort();
}

function genderOf(rng: SeededRandom, sex: string): Gender {
  if (rng.chance(NON_BINARY_SHARE)) return 'non_binary';
  return sex === 'f' ? 'female' : 'male';
}

/** Genders sought, from orientation and gender (straight: the other, gay: the same, bi: both). */
export function soughtGenders(rng: SeededRandom, gender: Gender, orientation: Orientation, sex: string): Gender[] {
  if (orientation === 'bisexual') {
    // A non-binary person who is bisexual seeks non-binary people too.
    return gender === 'non_binary' || rng.chance(0.5) ? ['female', 'male', 'non_binary'] : ['female', 'male'];
  }
  if (gender === 'non_binary') {
    const same: Gender = sex === 'f' ? 'female' : 'male';
    const other: Gender = same === 'female' ? 'male' : 'female';
    return [orientation === 'gay' ? same : other, 'non_binary'];
  }
  const other: Gender = gender === 'female' ? 'male' : 'female';
  return [orientation === 'gay' ? gender : other];
}

/** Age window around one's own age: men skew younger, women older, as observed on dating apps. */
export function ageWindow(rng: SeededRandom, age: number, gender: Gender): { min: number; max: number } {
  const below =
    gender === 'male' ? rng.range(0.12, 0.3) : gender === 'female' ? rng.range(0.04, 0.18) : rng.range(0.08, 0.22);
  const above =
    gender === 'male' ? rng.range(0.02, 0.15) : gender === 'female' ? rng.range(0.1, 0.3) : rng.range(0.08, 0.22);
  let min = Math.max(18, Math.round(age * (1 - below)));
  let max = Math.min(99, Math.round(age * (1 + above)) + 1);
  if (max - min < 4) {
    min = Math.max(18, min - 2);
    max = Math.min(99, min + 6);
  }
  return { min, max };
}

function orientationOf(s: string): Orientation {
  return s === 'gay' || s === 'bisexual' ? s : 'straight';
}

/**
 * Builds person `index` (id index + 1) living in one of the `cities` largest cities. `activity`
 * fills the fields only the simulation knows.
 */
export function buildPerson(
  seed: number,
  index: number,
  row: OkCupidRow,
  resampled: boolean,
  joinMs: number,
  cities: number,
  activity?: PersonActivity,
): BuiltPerson {
  const rng = new SeededRandom(seed, STREAM.person, index);
  let age = Math.round(Number(row.age) || 30);
  if (resampled) age += Math.round(rng.normal() * 2.5);
  age = Math.min(99, Math.max(18, age));
  const gender = genderOf(rng, row.sex);
  const orientation = orientationOf(row.orientation);
  const traits = drawHiddenTraits(rng, gender, row);
  const city = drawCity(rng, cities);
  const { latitude, longitude } = jitterLocation(rng, city);
  const genders = soughtGenders(rng, gender, orientation, row.sex);
  const window = ageWindow(rng, age, gender);
  const maxDistance = rng.chance(OPEN_DISTANCE_SHARE) ? null : DISTANCES[rng.weighted(DISTANCE_WEIGHTS)];

  let tags = attributeTags(row);
  const hobbies = hobbyTags(traits.appeal);
  if (resampled) {
    // Resampled rows must not be clones: drop some attribute tags and add a stray hobby.
    tags = tags.filter(() => !rng.chance(0.2));
    if (rng.chance(0.4)) hobbies.push(HOBBY_POLES[rng.int(HOBBY_POLES.length)][rng.int(2)]);
  } else if (rng.chance(0.15)) {
    hobbies.push(HOBBY_POLES[rng.int(HOBBY_POLES.length)][rng.int(2)]);
  }
  // Everyone lists something: a resampled row can lose all its tags and have no strong hobby.
  if (tags.length === 0 && hobbies.length === 0) hobbies.push(HOBBY_POLES[rng.int(HOBBY_POLES.length)][rng.int(2)]);
  // Real attributes first (they carry the marginals), hobbies fill the rest of a 16-tag profile.
  const attributes = tags.slice(0, MAX_ATTRIBUTE_TAGS);
  const interests = [...new Set([...hobbies.slice(0, MAX_INTERESTS - attributes.length), ...attributes])];
  const name = displayName(gender, rng.next(), rng.next());
  const bio = composeBio(tags, hobbies, rng.next());

  const created = new Date(joinMs).toISOString();
  const user: UserView = {
    id: index + 1,
    name,
    age,
    gender,
    location: CITIES[city].name,
    bio,
    interests,
    latitude,
    longitude,
    preferences: { genders, age_min: window.min, age_max: window.max, max_distance_km: maxDistance },
    is_active: activity?.isActive ?? true,
    last_active_at: activity ? new Date(activity.lastActiveMs).toISOString() : created,
    created_at: created,
    updated_at: activity ? new Date(activity.updatedMs).toISOString() : created,
  };
  return { user, hidden: { id: index + 1, orientation, ...traits }, city };
}
