/**
 * The hidden like model in compact typed arrays. The generator draws every decision from
 * `likeProb`, and `createTruthScorer` rebuilds the very same object from truth.json and the users,
 * so both agree to the last bit (values are quantised before use for that reason).
 */
import type { UserView } from '@app/contracts/users/user.types';
import type { Gender } from '@app/contracts';
import type { MarketTruth, TruthWeights } from './truth.types';

/** Gender codes used in the typed arrays and bit masks. */
export const GENDER_CODE: Readonly<Record<Gender, number>> = { female: 0, male: 1, non_binary: 2 };

/** Decimal places kept for latent vectors in truth.json (and hence in the simulation). */
export const LATENT_DECIMALS = 3;

const POW10 = [1, 10, 100, 1000, 10000, 100000, 1000000];

/**
 * Rounds to `digits` (<= 6) decimals. k / 10^d is correctly rounded, so it is the very double that
 * parsing the decimal written to truth.json gives back; `|| 0` drops -0, which JSON cannot carry.
 */
export function quantise(x: number, digits: number): number {
  const p = POW10[digits];
  return Math.round(x * p) / p || 0;
}

const DEG = Math.PI / 180;
const EARTH_KM = 6371.0088;

/** Great-circle distance in km between two points given in degrees. */
export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const s1 = Math.sin(((lat2 - lat1) * DEG) / 2);
  const s2 = Math.sin(((lon2 - lon1) * DEG) / 2);
  const h = s1 * s1 + Math.cos(lat1 * DEG) * Math.cos(lat2 * DEG) * s2 * s2;
  return 2 * EARTH_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/** Hidden per-person values the like model needs. */
export interface HiddenTraits {
  attractiveness: number;
  pickiness: number;
  taste: ArrayLike<number>;
  appeal: ArrayLike<number>;
}

/** Public and hidden features of every person, indexed 0..n-1, plus the like function. */
export class MarketModel {
  readonly taste: Float32Array;
  readonly appeal: Float32Array;
  readonly lnAttractiveness: Float64Array;
  readonly pickiness: Float64Array;
  readonly age: Uint8Array;
  readonly gender: Uint8Array;
  /** Bit g set when gender code g is sought. */
  readonly sought: Uint8Array;
  readonly ageMin: Uint8Array;
  readonly ageMax: Uint8Array;
  /** Degrees; NaN when unknown. */
  readonly lat: Float64Array;
  readonly lon: Float64Array;
  /** km; Infinity means any distance. */
  readonly maxDistance: Float64Array;
  /** `words` 32-bit words of interest bits per person. */
  readonly interests: Uint32Array;
  readonly ids: Int32Array;
  readonly words: number;
  private readonly vocab = new Map<string, number>();
  private readonly idToIndex = new Map<number, number>();
  private readonly latentScale: number;

  constructor(
    readonly n: number,
    readonly dims: number,
    readonly weights: TruthWeights,
    vocabulary: readonly string[],
  ) {
    vocabulary.forEach((tag, i) => this.vocab.set(tag, i));
    this.words = Math.max(1, Math.ceil(vocabulary.length / 32));
    this.latentScale = weights.latent / Math.sqrt(dims);
    this.taste = new Float32Array(n * dims);
    this.appeal = new Float32Array(n * dims);
    this.lnAttractiveness = new Float64Array(n);
    this.pickiness = new Float64Array(n);
    this.age = new Uint8Array(n);
    this.gender = new Uint8Array(n);
    this.sought = new Uint8Array(n);
    this.ageMin = new Uint8Array(n);
    this.ageMax = new Uint8Array(n);
    this.lat = new Float64Array(n);
    this.lon = new Float64Array(n);
    this.maxDistance = new Float64Array(n);
    this.interests = new Uint32Array(n * this.words);
    this.ids = new Int32Array(n);
  }

  /** Rebuilds the model the generator used from truth.json and users.jsonl. */
  static fromTruth(truth: MarketTruth, users: UserView[]): MarketModel {
    const vocabulary = new Set<string>();
    for (const u of users) for (const t of u.interests) vocabulary.add(t);
    const model = new MarketModel(users.length, truth.dims, truth.weights, [...vocabulary]);
    const hidden = new Map<number, MarketTruth['people'][number]>();
    for (const p of truth.people) hidden.set(p.id, p);
    users.forEach((u, i) => {
      const p = hidden.get(u.id);
      if (!p) throw new Error(`user ${u.id} is not in the market truth`);
      model.setPublic(i, u);
      model.setHidden(i, p);
    });
    return model;
  }

  /** Index of a user id; throws for ids the model does not know. */
  readonly indexOf = (id: number): number => {
    const i = this.idToIndex.get(id);
    if (i === undefined) throw new Error(`unknown user id ${id}`);
    return i;
  };

  /** Stores the public profile of person i (what the API shows). */
  setPublic(i: number, u: UserView): void {
    this.ids[i] = u.id;
    this.idToIndex.set(u.id, i);
    this.age[i] = u.age;
    this.gender[i] = GENDER_CODE[u.gender];
    let mask = 0;
    for (const g of u.preferences.genders) mask |= 1 << GENDER_CODE[g];
    this.sought[i] = mask;
    this.ageMin[i] = u.preferences.age_min;
    this.ageMax[i] = u.preferences.age_max;
    this.lat[i] = u.latitude ?? NaN;
    this.lon[i] = u.longitude ?? NaN;
    this.maxDistance[i] = u.preferences.max_distance_km ?? Infinity;
    const base = i * this.words;
    for (const tag of u.interests) {
      const bit = this.vocab.get(tag);
      if (bit === undefined) throw new Error(`interest "${tag}" is not in the vocabulary`);
      this.interests[base + (bit >>> 5)] |= 1 << (bit & 31);
    }
  }

  /** Stores the hidden traits of person i. */
  setHidden(i: number, h: HiddenTraits): void {
    this.lnAttractiveness[i] = Math.log(h.attractiveness);
    this.pickiness[i] = h.pickiness;
    this.taste.set(h.taste, i * this.dims);
    this.appeal.set(h.appeal, i * this.dims);
  }

  /** Distance in km between persons a and b (NaN when a location is unknown). */
  distanceKm(a: number, b: number): number {
    return haversineKm(this.lat[a], this.lon[a], this.lat[b], this.lon[b]);
  }

  /** True when b passes a's explicit filters (gender, age window, max distance). */
  accepts(a: number, b: number, km: number): boolean {
    if ((this.sought[a] & (1 << this.gender[b])) === 0) return false;
    if (this.age[b] < this.ageMin[a] || this.age[b] > this.ageMax[a]) return false;
    return !(km > this.maxDistance[a]);
  }

  /** The logit of "a likes b when shown b". */
  likeLogit(a: number, b: number): number {
    const w = this.weights;
    const d = this.dims;
    let dot = 0;
    for (let k = 0, ia = a * d, ib = b * d; k < d; k++) dot += this.taste[ia + k] * this.appeal[ib + k];
    let shared = 0;
    let union = 0;
    for (let k = 0, ia = a * this.words, ib = b * this.words; k < this.words; k++) {
      const x = this.interests[ia + k];
      const y = this.interests[ib + k];
      shared += popcount(x & y);
      union += popcount(x | y);
    }
    const centre = (this.ageMin[a] + this.ageMax[a]) / 2;
    const half = Math.max(3, (this.ageMax[a] - this.ageMin[a]) / 2);
    const gap = (this.age[b] - centre) / half;
    const km = this.distanceKm(a, b);
    let logit =
      w.bias -
      this.pickiness[a] +
      this.latentScale * dot +
      w.attractiveness * this.lnAttractiveness[b] +
      w.interests * (union > 0 ? shared / union : 0) -
      w.age * gap * gap;
    if (km === km) logit -= w.distance * Math.log1p(km / w.distanceScaleKm);
    if ((this.sought[a] & (1 << this.gender[b])) === 0) logit -= w.genderMismatch;
    if (this.age[b] < this.ageMin[a] || this.age[b] > this.ageMax[a] || km > this.maxDistance[a])
      logit -= w.outsidePreferences;
    return logit;
  }

  /** The hidden probability that a likes b when shown b. */
  likeProb(a: number, b: number): number {
    return 1 / (1 + Math.exp(-this.likeLogit(a, b)));
  }
}
