/**
 * Merging the sources' lists into one deduplicated candidate list, with a quota per arm so
 * that no single source crowds out the others, and cold-start mixing of those quotas.
 */
import type { Candidate, CandidateSource } from '@app/contracts';

/**
 * The retrieval arms. Each is tagged with one contract source; exploration has two arms
 * (fresh/under-exposed and popular) because they answer different needs: discovery of new
 * profiles versus safe bets for a viewer we know nothing about.
 */
export type Arm = 'collaborative' | 'content' | 'reciprocal' | 'fresh' | 'popular';
export const ARMS: readonly Arm[] = ['reciprocal', 'collaborative', 'content', 'fresh', 'popular'];
export const ARM_SOURCE: Record<Arm, CandidateSource> = {
  collaborative: 'collaborative',
  content: 'content',
  reciprocal: 'reciprocal',
  fresh: 'exploration',
  popular: 'exploration',
};

export interface ScoredId {
  id: number;
  score: number;
}

/** One arm's result, best first; every id in it already passed the eligibility predicate. */
export type ArmLists = Partial<Record<Arm, ScoredId[]>>;
export type Quotas = Record<Arm, number>;

/** What the quota plan depends on. */
export interface ViewerState {
  /** The viewer has swiped at least once. */
  warm: boolean;
  /** An embeddings model is loaded and has a taste vector for the viewer. */
  inModel: boolean;
}

/**
 * Share of k per arm. A warm viewer is served mostly by the collaborative arm (it learned
 * from their swipes); a cold viewer by content (what their profile says) and popularity (what
 * works for people in general), as in every cold-start recommender. Reciprocal likers are the
 * likeliest matches in both cases, so they keep a share. Shares sum to 1.
 */
export function armShares(state: ViewerState): Quotas {
  if (state.warm && state.inModel)
    return { collaborative: 0.45, content: 0.2, reciprocal: 0.15, fresh: 0.15, popular: 0.05 };
  if (state.warm) return { collaborative: 0, content: 0.45, reciprocal: 0.2, fresh: 0.2, popular: 0.15 };
  return { collaborative: 0, content: 0.45, reciprocal: 0.1, fresh: 0.15, popular: 0.3 };
}

/** Turns shares into whole quotas summing to k (largest remainder, ties in ARMS order). */
export function planQuotas(k: number, shares: Quotas): Quotas {
  const total = ARMS.reduce((s, a) => s + shares[a], 0);
  const exact = ARMS.map((a) => (total > 0 ? (k * shares[a]) / total : 0));
  const quotas = Object.fromEntries(ARMS.map((a, i) => [a, Math.floor(exact[i])])) as Quotas;
  let left = k - ARMS.reduce((s, a) => s + quotas[a], 0);
  const byRemainder = ARMS.map((a, i) => ({ a, r: exact[i] - Math.floor(exact[i]) }))
    .filter((x) => shares[x.a] > 0)
    .sort((x, y) => y.r - x.r);
  for (let i = 0; left > 0 && byRemainder.length > 0; i = (i + 1) % byRemainder.length, left--)
    quotas[byRemainder[i].a]++;
  return quotas;
}

/**
 * How many an arm should fetch: its quota plus slack, so that after deduplication (one person
 * found by two arms fills one slot) the merge can still reach k from the arms' leftovers.
 */
export function fetchSize(quota: number): number {
  return quota === 0 ? 0 : Math.ceil(quota * 1.5) + 5;
}

/**
 * Merges the arms' lists into at most k candidates, each once:
 * 1. Every arm that found a person tags them (sources and scores), whichever arm placed them.
 * 2. Places are filled round-robin over the arms, each arm taking its next unplaced person
 *    until its quota is used, so the list interleaves the sources.
 * 3. If arms came back short, the leftovers of all arms fill the remaining places, again
 *    round-robin, so a short arm's quota is not wasted.
 * Order of the result: the placing order (the ranking stage re-orders anyway).
 */
export function mergeArms(lists: ArmLists, quotas: Quotas, k: number): Candidate[] {
  const tags = new Map<number, Candidate>();
  for (const arm of ARMS) {
    const source = ARM_SOURCE[arm];
    for (const hit of lists[arm] ?? []) {
      let c = tags.get(hit.id);
      if (!c) tags.set(hit.id, (c = { user_id: hit.id, sources: [], scores: {}, liked_viewer: false }));
      if (!c.sources.includes(source)) c.sources.push(source);
      const prev = c.scores[source];
      c.scores[source] = prev === undefined ? hit.score : Math.max(prev, hit.score);
    }
  }
  const placed = new Set<number>();
  const out: Candidate[] = [];
  const cursor = Object.fromEntries(ARMS.map((a) => [a, 0])) as Record<Arm, number>;
  const take = (arm: Arm): boolean => {
    const list = lists[arm] ?? [];
    while (cursor[arm] < list.length) {
      const id = list[cursor[arm]++].id;
      if (placed.has(id)) continue;
      placed.add(id);
      out.push(tags.get(id)!);
      return true;
    }
    return false;
  };
  const used = Object.fromEntries(ARMS.map((a) => [a, 0])) as Record<Arm, number>;
  for (let progress = true; progress && out.length < k;) {
    progress = false;
    for (const arm of ARMS) {
      if (out.length >= k || used[arm] >= quotas[arm]) continue;
      if (take(arm)) {
        used[arm]++;
        progress = true;
      }
    }
  }
  for (let progress = true; progress && out.length < k;) {
    progress = false;
    for (const arm of ARMS) if (out.length < k && take(arm)) progress = true;
  }
  for (const c of out) c.sources.sort((a, b) => SOURCE_ORDER.indexOf(a) - SOURCE_ORDER.indexOf(b));
  return out;
}

const SOURCE_ORDER: CandidateSource[] = ['collaborative', 'content', 'reciprocal', 'exploration'];
