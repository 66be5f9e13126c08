/**
 * Interests compare case- and space-insensitively everywhere: in the pair features, in their
 * explanations and in candidate generation's content arm. The API and the import already store
 * them trimmed and lower-cased; profiles made by hand (tests, tools) may not be.
 */
export function normalizeInterest(interest: string): string {
  return interest.trim().toLowerCase();
}

/** Every normalized interest seen by this process, numbered. Only grows, like the vocabulary. */
const IDS = new Map<string, number>();

/**
 * The distinct normalized interests of a profile as ids of one process-wide dictionary, in
 * first-seen order. Profiles held in memory carry them (ProfileTable sets `interestKeys`), so
 * the content arm and the pair features compare small integers instead of strings: the feature
 * store compares a viewer with 100 candidates per request, and the string sets it compared
 * before were a tenth of its CPU.
 */
export function interestIds(interests: readonly string[]): Int32Array {
  const ids = new Set<number>();
  for (const raw of interests) {
    const key = normalizeInterest(raw);
    let id = IDS.get(key);
    if (id === undefined) IDS.set(key, (id = IDS.size));
    ids.add(id);
  }
  return Int32Array.from(ids);
}
