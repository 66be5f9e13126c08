/**
 * Turns OkCupid attributes and hidden appeal into the interest tags, names and bios users show.
 * Attribute tags carry the real marginals (diet, drinks, religion...); hobby tags are drawn from
 * the hidden appeal vector so that content features say something true about a person.
 */
import type { OkCupidRow } from './okcupid';

/** One hobby pair per latent dimension: strongly positive shows the first, negative the second. */
export const HOBBY_POLES: readonly (readonly [string, string])[] = [
  ['hiking', 'video games'],
  ['live music', 'podcasts'],
  ['travel', 'board games'],
  ['yoga', 'anime'],
  ['running', 'netflix'],
  ['climbing', 'reading'],
  ['surfing', 'photography'],
  ['festivals', 'museums'],
  ['dancing', 'poetry'],
  ['cycling', 'chess'],
  ['camping', 'film'],
  ['skiing', 'theatre'],
  ['basketball', 'painting'],
  ['soccer', 'writing'],
  ['nightlife', 'gardening'],
  ['tennis', 'baking'],
];

const JOB_TAGS: Record<string, string> = {
  student: 'student',
  'science / tech / engineering': 'science',
  'computer / hardware / software': 'tech',
  'artistic / musical / writer': 'arts',
  'sales / marketing / biz dev': 'business',
  'medicine / health': 'healthcare',
  'education / academia': 'teaching',
  'executive / management': 'business',
  'banking / financial / real estate': 'finance',
  'entertainment / media': 'media',
  'law / legal services': 'law',
  'hospitality / travel': 'hospitality',
  'construction / craftsmanship': 'craftsmanship',
  'clerical / administrative': 'office life',
  'political / government': 'politics',
  transportation: 'cars',
  military: 'military',
  retired: 'retired',
};

const RELIGION_TAGS: Record<string, string> = {
  agnosticism: 'agnostic',
  atheism: 'atheist',
  christianity: 'christian',
  catholicism: 'catholic',
  judaism: 'jewish',
  buddhism: 'buddhist',
  hinduism: 'hindu',
  islam: 'muslim',
};

const LANGUAGES = [
  'spanish',
  'french',
  'chinese',
  'german',
  'japanese',
  'russian',
  'italian',
  'portuguese',
  'korean',
  'tagalog',
  'hindi',
  'arabic',
  'hebrew',
  'vietnamese',
] as const;

const ATTRIBUTE_TAGS = [
  'vegetarian',
  'vegan',
  'kosher',
  'halal',
  'foodie',
  'social drinker',
  'wine',
  'sober',
  'cannabis',
  'phd',
  'grad school',
  'medicine',
  'space camp',
  'dogs',
  'cats',
  'dog owner',
  'cat owner',
  'non-smoker',
  'smoker',
  'parent',
  'wants kids',
  'childfree',
  'fitness',
  'astrology',
  'coding',
  'multilingual',
  ...new Set(Object.values(JOB_TAGS)),
  ...Object.values(RELIGION_TAGS),
  ...LANGUAGES.map((l) => `speaks ${l}`),
];

/** Every tag the generator can emit (the interest vocabulary). */
export const INTEREST_VOCABULARY: readonly string[] = [...new Set([...ATTRIBUTE_TAGS, ...HOBBY_POLES.flat()])];

/** Tags read off the OkCupid attributes of a row (the real marginals). */
export function attributeTags(row: OkCupidRow): string[] {
  const tags: string[] = [];
  const diet = row.diet;
  for (const d of ['vegetarian', 'vegan', 'kosher', 'halal']) if (diet.endsWith(d)) tags.push(d);
  if (diet === 'strictly anything') tags.push('foodie');
  if (row.drinks === 'socially') tags.push('social drinker');
  if (row.drinks === 'often' || row.drinks === 'very often') tags.push('wine');
  if (row.drinks === 'not at all') tags.push('sober');
  if (row.drugs === 'sometimes' || row.drugs === 'often') tags.push('cannabis');
  const edu = row.education;
  if (edu.includes('ph.d')) tags.push('phd');
  else if (edu.includes('masters') || edu.includes('law school')) tags.push('grad school');
  else if (edu.includes('med school')) tags.push('medicine');
  else if (edu.includes('space camp')) tags.push('space camp');
  const job = JOB_TAGS[row.job];
  if (job) tags.push(job);
  const pets = row.pets;
  if (pets.includes('has dogs')) tags.push('dog owner', 'dogs');
  else if (pets.includes('likes dogs')) tags.push('dogs');
  if (pets.includes('has cats')) tags.push('cat owner', 'cats');
  else if (pets.includes('likes cats')) tags.push('cats');
  const religion = RELIGION_TAGS[row.religion.split(' ')[0]];
  if (religion) tags.push(religion);
  if (row.smokes === 'no') tags.push('non-smoker');
  else if (row.smokes && row.smokes !== 'trying to quit') tags.push('smoker');
  const kids = row.offspring;
  if (kids.startsWith('has')) tags.push('parent');
  if (kids.includes('wants') && !kids.includes("doesn't want")) tags.push('wants kids');
  else if (kids.includes("doesn't want")) tags.push('childfree');
  if (['fit', 'athletic', 'jacked'].includes(row.body_type)) tags.push('fitness');
  if (row.sign.includes('matters a lot')) tags.push('astrology');
  let languages = 0;
  for (const part of row.speaks.split(',')) {
    const lang = part.trim().split(' ')[0];
    if (lang === 'english' || lang === '' || part.includes('poorly')) continue;
    if (lang === 'c++' || lang === 'lisp') {
      if (!tags.includes('coding')) tags.push('coding');
      continue;
    }
    languages++;
    if ((LANGUAGES as readonly string[]).includes(lang)) tags.push(`speaks ${lang}`);
  }
  if (languages >= 2) tags.push('multilingual');
  return [...new Set(tags)];
}

/** Hobby tags of a person: the poles of the latent dimensions where the appeal is strong. */
export function hobbyTags(appeal: ArrayLike<number>, threshold = 1.25): string[] {
  const tags: string[] = [];
  for (let k = 0; k < appeal.length && k < HOBBY_POLES.length; k++) {
    if (appeal[k] > threshold) tags.push(HOBBY_POLES[k][0]);
    else if (appeal[k] < -threshold) tags.push(HOBBY_POLES[k][1]);
  }
  return tags;
}

const FEMALE_NAMES = [
  'Emma',
  'Olivia',
  'Ava',
  'Sophia',
  'Mia',
  'Isabella',
  'Charlotte',
  'Amelia',
  'Harper',
  'Evelyn',
  'Abigail',
  'Emily',
  'Ella',
  'Grace',
  'Chloe',
  'Camila',
  'Layla',
  'Zoe',
  'Nora',
  'Lily',
  'Hannah',
  'Maya',
  'Aaliyah',
  'Priya',
  'Mei',
  'Sofia',
  'Lucia',
  'Valentina',
  'Aisha',
  'Fatima',
  'Yuki',
  'Sarah',
  'Jessica',
  'Ashley',
  'Jennifer',
  'Rachel',
  'Megan',
  'Lauren',
  'Nicole',
  'Rebecca',
];
const MALE_NAMES = [
  'Liam',
  'Noah',
  'Oliver',
  'Elijah',
  'James',
  'William',
  'Benjamin',
  'Lucas',
  'Henry',
  'Theodore',
  'Jack',
  'Levi',
  'Alexander',
  'Mateo',
  'Daniel',
  'Michael',
  'Ethan',
  'Sebastian',
  'David',
  'Joseph',
  'Samuel',
  'Owen',
  'Wyatt',
  'Diego',
  'Carlos',
  'Omar',
  'Ravi',
  'Arjun',
  'Wei',
  'Kenji',
  'Hiro',
  'Matthew',
  'Andrew',
  'Joshua',
  'Ryan',
  'Tyler',
  'Kevin',
  'Brian',
  'Jason',
  'Eric',
];
const NEUTRAL_NAMES = [
  'Alex',
  'Jordan',
  'Taylor',
  'Riley',
  'Casey',
  'Avery',
  'Quinn',
  'Rowan',
  'Sage',
  'Morgan',
  'Jamie',
  'Robin',
];
const INITIALS = 'ABCDEFGHIJKLMNOPRSTVWY';

/** A plausible display name ("Maya R.") for the gender, from a uniform number u in [0, 1). */
export function displayName(gender: string, u: number, v: number): string {
  const list = gender === 'female' ? FEMALE_NAMES : gender === 'male' ? MALE_NAMES : NEUTRAL_NAMES;
  return `${list[Math.floor(u * list.length)]} ${INITIALS[Math.floor(v * INITIALS.length)]}.`;
}

const JOB_PHRASES: Record<string, string> = {
  student: 'Student',
  science: 'Scientist',
  tech: 'Works in tech',
  arts: 'Artist at heart',
  business: 'Works in business',
  healthcare: 'Works in healthcare',
  teaching: 'Teacher',
  finance: 'Works in finance',
  media: 'Works in media',
  law: 'Lawyer',
  hospitality: 'Works in hospitality',
  craftsmanship: 'Builds things',
  'office life': 'Office hero',
  politics: 'Public servant',
  cars: 'Always on the road',
  military: 'Serving',
  retired: 'Happily retired',
};

/** A short bio from the person's tags, in their own tone; null for people who leave it blank. */
export function composeBio(tags: readonly string[], hobbies: readonly string[], u: number): string | null {
  if (u < 0.08) return null;
  const parts: string[] = [];
  const job = tags.find((t) => JOB_PHRASES[t]);
  if (job) parts.push(JOB_PHRASES[job]);
  if (hobbies.length >= 2) parts.push(`into ${hobbies[0]} and ${hobbies[1]}`);
  else if (hobbies.length === 1) parts.push(`into ${hobbies[0]}`);
  if (tags.includes('dog owner')) parts.push('my dog comes first');
  else if (tags.includes('cat owner')) parts.push('cat person');
  if (tags.includes('vegan') || tags.includes('vegetarian')) parts.push('plant-based');
  const lang = tags.find((t) => t.startsWith('speaks '));
  if (lang) parts.push('speaks ' + lang.charAt(7).toUpperCase() + lang.slice(8));
  if (parts.length === 0) parts.push(u < 0.5 ? 'New here, say hi' : 'Ask me anything');
  const text = parts.join(', ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
