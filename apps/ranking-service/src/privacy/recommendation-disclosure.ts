/**
 * The ranking service's privacy rules (SECURITY.md), all in one place: what a recommendation or
 * a ranked list tells its caller about the people in it, by the caller's role. Pure, so each
 * rule is unit-tested.
 *
 * An admin sees everything: every contribution, every reason, every rejection rule. A user sees
 * scores, shared interests, a whole-km distance between grid cells (libs/ml geo.ts), and of the
 * model's contributions and reasons only those built from their own data and the other's public
 * profile: never the other's preferences or private counters, and received likes only when
 * REVEAL_RECEIVED_LIKES is on. Rejections are all `unavailable` to a user, in id order.
 */
import type { Disclosure } from '@app/common';
import type { CandidateSource, RankReply } from '@app/contracts';
import type { FeatureName, ReasonKind } from '@app/ml/features';

/** What one caller may be shown of the people in a list. */
export interface ViewPolicy {
  /** Who it is for: cached pages are kept per audience. */
  audience: Disclosure['role'];
  contribution(feature: string): boolean;
  reason(kind: ReasonKind): boolean;
  source(source: CandidateSource): boolean;
}

/** Features of the user's own data or the other's public profile: their contributions may be shown to the user. */
const OWN_OR_PUBLIC: ReadonlySet<FeatureName> = new Set<FeatureName>([
  'age_gap',
  'age_fit_viewer',
  'distance_known',
  'within_viewer_distance',
  'interest_jaccard',
  'shared_interests_log',
  'gender_fit_viewer',
  'viewer_likes_given_log',
  'viewer_swipes_given_log',
  'viewer_like_rate_given_logit',
  'viewer_matches_log',
  'viewer_days_since_active_log',
  'viewer_days_since_joined_log',
  'cand_days_since_joined_log',
]);

/** The user's own received likes, and the other's like of them: shown only when likes are revealed. */
const RECEIVED_LIKES: ReadonlySet<FeatureName> = new Set<FeatureName>([
  'candidate_liked_viewer',
  'viewer_likes_received_log',
]);

const EVERYTHING: ViewPolicy = { audience: 'admin', contribution: () => true, reason: () => true, source: () => true };

/** Made once per disclosure (DisclosurePolicy hands out one per role), not on every request. */
const policies = new WeakMap<Disclosure, ViewPolicy>();

export function viewPolicy(d: Disclosure): ViewPolicy {
  let policy = policies.get(d);
  if (!policy) policies.set(d, (policy = makeViewPolicy(d)));
  return policy;
}

function makeViewPolicy(d: Disclosure): ViewPolicy {
  if (d.role === 'admin') return EVERYTHING;
  const likes = d.revealsReceivedLikes;
  return {
    audience: 'user',
    contribution: (f) => OWN_OR_PUBLIC.has(f as FeatureName) || (likes && RECEIVED_LIKES.has(f as FeatureName)),
    // "popular" is read off the other's received likes and dislikes.
    reason: (kind) => kind !== 'popular' && (likes || kind !== 'liked_you'),
    // The reciprocal arm places exactly the people who liked the user.
    source: (s) => likes || s !== 'reciprocal',
  };
}

/** The rejections as the caller may see them: the rule to an admin; to a user, one reason in id order. */
export function rejectionsFor(d: Disclosure, rejected: RankReply['rejected']): RankReply['rejected'] {
  if (d.role === 'admin') return rejected;
  return rejected
    .map((r) => ({ user_id: r.user_id, reason: 'unavailable' as const }))
    .sort((a, b) => a.user_id - b.user_id);
}
