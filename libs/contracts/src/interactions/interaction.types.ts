import type { SwipeType } from '../domain';
import type { PageQuery } from '../users/user.messages';

export type InteractionType = SwipeType;

/** An interaction as the API returns it. */
export interface InteractionView {
  id: number;
  user_id: number;
  target_user_id: number;
  interaction_type: InteractionType;
  context: Record<string, unknown> | null;
  created_at: string;
}

export interface CreateInteractionInput {
  /** The actor: always the authenticated user (admins may act for anyone). */
  user_id: number;
  target_user_id: number;
  interaction_type: InteractionType;
  context?: Record<string, unknown> | null;
  /** Makes a retried POST safe: the same key returns the first result. */
  idempotency_key?: string;
}

export interface CreateInteractionReply {
  interaction: InteractionView;
  /** False when an identical swipe already existed (or the idempotency key was seen). */
  created: boolean;
  /** True when this swipe completed a mutual like. */
  is_match: boolean;
}

/** One record of a batch import by the app backend (e.g. history from another system). */
export interface BatchInteractionInput {
  user_id: number;
  target_user_id: number;
  interaction_type: InteractionType;
  context?: Record<string, unknown> | null;
  /** When it happened (ISO 8601); defaults to now. */
  created_at?: string;
}

export interface BatchInteractionsReply {
  /** Newly stored records. */
  created: number;
  /** Records identical to ones already stored (skipped, so a retried batch is harmless). */
  existing: number;
  items: InteractionView[];
}

export type Direction = 'given' | 'received' | 'both';

export interface ListInteractionsQuery extends PageQuery {
  user_id: number;
  interaction_type?: InteractionType;
  direction: Direction;
  since?: string;
  until?: string;
}

export type CountsByType = Record<InteractionType, number>;

/**
 * A user's counts. What others did to them is shown as the caller may see it (SECURITY.md): all
 * of it to an admin; to the person, only likes and super likes received (when
 * REVEAL_RECEIVED_LIKES is on), and nothing from anyone in a block with them.
 */
export interface InteractionStats {
  user_id: number;
  given: CountsByType;
  /** Counts of the received types the caller may see: an admin every type, a user at most the likes. */
  received: Partial<CountsByType>;
  matches: number;
  /** Share of the user's swipes (like + super_like + dislike) that were likes or super likes. */
  like_rate: number;
  /** Share of swipes received that were likes or super likes; null for a user (it would count dislikes). */
  received_like_rate: number | null;
}

/**
 * Each side's swipe between two people. To a user, the other side shows only a like they may
 * see (REVEAL_RECEIVED_LIKES, or a match): never a dislike, nor anything once either blocked.
 */
export interface MutualInteraction {
  user_id: number;
  target_user_id: number;
  user_liked: boolean;
  target_liked: boolean;
  is_match: boolean;
  blocked: boolean;
  user_interaction: InteractionView | null;
  target_interaction: InteractionView | null;
}

export interface RecentQuery {
  user_id: number;
  hours: number;
  limit: number;
}

export type Granularity = 'hour' | 'day';

export interface TimelineQuery {
  user_id: number;
  granularity: Granularity;
  since: string;
  until: string;
}

export interface TimelineBucket {
  bucket: string;
  given: CountsByType;
  /** As InteractionStats.received: the types the caller may see. */
  received: Partial<CountsByType>;
  matches: number;
}

export interface Timeline {
  user_id: number;
  granularity: Granularity;
  since: string;
  until: string;
  buckets: TimelineBucket[];
}

export interface MatchView {
  user_id: number;
  matched_user_id: number;
  matched_at: string;
}

export interface ListMatchesQuery extends PageQuery {
  user_id: number;
}
