import { CITIES, cityCountFor, drawCity, jitterLocation } from './cities';
import { INTEREST_VOCABULARY, attributeTags, hobbyTags } from './interests';
import { haversineKm } from './model';
import type { OkCupidRow } from './okcupid';
import { ageWindow, assignRows, buildPerson, soughtGenders } from './profiles';
import { SeededRandom } from '@app/ml/primitives/seeded-random';

const ROW: OkCupidRow = {
  age: '31',
  body_type: 'athletic',
  diet: 'mostly vegetarian',
  drinks: 'socially',
  drugs: 'never',
  education: 'graduated from masters program',
  ethnicity: 'white',
  height: '70',
  income: '-1',
  job: 'computer / hardware / software',
  offspring: "doesn't have kids, but wants them",
  orientation: 'straight',
  pets: 'has dogs and likes cats',
  religion: 'buddhism but not too serious about it',
  sex: 'f',
  sign: 'leo and it matters a lot',
  smokes: 'no',
  speaks: 'english (fluently), spanish (okay), c++',
  status: 'single',
};

describe('attributeTags', () => {
  it('turns OkCupid answers into interest tags from the vocabulary', () => {
    const tags = attributeTags(ROW);
    expect(tags).toEqual(
      expect.arrayContaining([
        'vegetarian',
        'social drinker',
        'grad school',
        'tech',
        'dog owner',
        'dogs',
        'cats',
        'buddhist',
        'non-smoker',
        'wants kids',
        'fitness',
        'astrology',
        'speaks spanish',
        'coding',
      ]),
    );
    expect(tags).not.toContain('multilingual'); // one language besides English
    expect(tags.every((t) => INTEREST_VOCABULARY.includes(t))).toBe(true);
    expect(
      attributeTags({ ...ROW, diet: '', pets: '', religion: '', smokes: '', speaks: 'english', job: '' }),
    ).not.toContain('dogs');
  });

  it('shows hobby poles of strong latent dimensions only', () => {
    expect(hobbyTags([2, -2, 0.5, -0.5])).toEqual(['hiking', 'podcasts']);
  });
});

describe('soughtGenders', () => {
  const rng = new SeededRandom(1);
  it('follows orientation: straight the other gender, gay the same, bisexual both', () => {
    expect(soughtGenders(rng, 'male', 'straight', 'm')).toEqual(['female']);
    expect(soughtGenders(rng, 'female', 'straight', 'f')).toEqual(['male']);
    expect(soughtGenders(rng, 'male', 'gay', 'm')).toEqual(['male']);
    expect(soughtGenders(rng, 'female', 'gay', 'f')).toEqual(['female']);
    for (let k = 0; k < 20; k++)
      expect(soughtGenders(rng, 'female', 'bisexual', 'f')).toEqual(expect.arrayContaining(['female', 'male']));
    expect(soughtGenders(rng, 'non_binary', 'straight', 'f')).toEqual(['male', 'non_binary']);
  });
});

describe('ageWindow', () => {
  it('stays adult and around the own age, men skewing younger and women older', () => {
    const rng = new SeededRandom(2);
    let menBelow = 0;
    let womenAbove = 0;
    for (let age = 18; age <= 70; age++) {
      for (const g of ['male', 'female', 'non_binary'] as const) {
        const w = ageWindow(rng, age, g);
        expect(w.min).toBeGreaterThanOrEqual(18);
        expect(w.min).toBeLessThanOrEqual(age);
        expect(w.max).toBeGreaterThanOrEqual(age);
        expect(w.max - w.min).toBeGreaterThanOrEqual(4);
        if (g === 'male') menBelow += age - w.min - (w.max - age);
        if (g === 'female') womenAbove += w.max - age - (age - w.min);
      }
    }
    expect(menBelow).toBeGreaterThan(0);
    expect(womenAbove).toBeGreaterThan(0);
  });
});

describe('cities', () => {
  it('spreads people over many cities by population, fewer for small markets', () => {
    expect(cityCountFor(1000)).toBe(3);
    expect(cityCountFor(100_000)).toBe(CITIES.length);
    const rng = new SeededRandom(4);
    const hits = new Map<string, number>();
    for (let k = 0; k < 20_000; k++) {
      const c = CITIES[drawCity(rng)].name;
      hits.set(c, (hits.get(c) ?? 0) + 1);
    }
    expect(hits.size).toBe(CITIES.length);
    expect(hits.get('New York')!).toBeGreaterThan(4 * hits.get('New Orleans')!);
    const small = new Set(Array.from({ length: 2000 }, () => CITIES[drawCity(rng, 3)].name));
    expect([...small].sort()).toEqual(['Chicago', 'Los Angeles', 'New York']);
  });

  it('jitters homes a few km around the centre', () => {
    const rng = new SeededRandom(5);
    for (let k = 0; k < 500; k++) {
      const p = jitterLocation(rng, 0);
      expect(haversineKm(p.latitude, p.longitude, CITIES[0].lat, CITIES[0].lon)).toBeLessThanOrEqual(25.01);
    }
  });
});

describe('buildPerson', () => {
  const join = Date.UTC(2024, 0, 3);
  it('is a pure function of seed and index', () => {
    expect(buildPerson(9, 4, ROW, false, join, 41)).toEqual(buildPerson(9, 4, ROW, false, join, 41));
    expect(buildPerson(9, 4, ROW, false, join, 41)).not.toEqual(buildPerson(9, 5, ROW, false, join, 41));
    expect(buildPerson(9, 4, ROW, false, join, 41).user.id).toBe(5);
  });

  it('keeps real attributes and varies resampled copies of a row', () => {
    const people = Array.from({ length: 200 }, (_, i) => buildPerson(3, i, ROW, true, join, 41));
    expect(new Set(people.map((p) => p.user.age)).size).toBeGreaterThan(3);
    expect(new Set(people.map((p) => p.user.interests.join('|'))).size).toBeGreaterThan(150);
    const original = buildPerson(3, 0, ROW, false, join, 41);
    expect(original.user.age).toBe(31);
    expect(original.user.interests).toEqual(expect.arrayContaining(attributeTags(ROW).slice(0, 12)));
    expect(original.user.interests.length).toBeLessThanOrEqual(16);
    expect(original.user.gender === 'female' || original.user.gender === 'non_binary').toBe(true);
  });
});

describe('assignRows', () => {
  it('uses each real row at most once before resampling', () => {
    const a = assignRows(1, 150, 100);
    expect(new Set(a.row.slice(0, 100)).size).toBe(100);
    expect(a.resampled(99)).toBe(false);
    expect(a.resampled(100)).toBe(true);
    expect(Math.max(...a.row)).toBeLessThan(100);
  });
});
