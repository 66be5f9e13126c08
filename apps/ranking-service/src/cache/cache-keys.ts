/**
 * Keys of the recommendation cache. A viewer's pages live under a generation number; a swipe
 * bumps the generation (one INCR), which makes every cached page of that viewer unreachable at
 * once. Unlike deleting the keys, this cannot lose a race: a page computed while the swipe landed
 * is stored under the old generation and never served. Old pages just expire (TTL).
 */
import { createHash } from 'node:crypto';
import {
  Subjects,
  type CallerRole,
  userIdOfEvent,
  type EventOf,
  type EventPayload,
  type RecommendationFilters,
  type SubjectsOf,
} from '@app/contracts';

export interface CacheParams {
  limit: number;
  offset: number;
  explain: boolean;
  filters?: RecommendationFilters;
  /** Whom the page was shaped for (an admin sees more of the same people than the user). */
  audience: CallerRole;
}

export function generationKey(namespace: string, viewer: number): string {
  return `${namespace}rec:gen:${viewer}`;
}

/**
 * The generation of every viewer's pages at once: bumped when a profile leaves (deleted or
 * deactivated), since that person may sit in anyone's cached page. Rare enough that dropping
 * the whole cache costs little.
 */
export function globalGenerationKey(namespace: string): string {
  return `${namespace}rec:gen:all`;
}

/**
 * A key of the cache without its namespace and `rec:` (as pageKey and generationKey write them):
 * whose it is and, for a page, the global generation it was stored under; null for the global
 * generation key and anything else.
 */
export function parseCacheKey(rest: string): { viewer: number; globalGeneration: number | null } | null {
  const page = /^page:(\d+):\d+\.(\d+):/.exec(rest);
  if (page) return { viewer: Number(page[1]), globalGeneration: Number(page[2]) };
  const gen = /^gen:(\d+)$/.exec(rest);
  return gen ? { viewer: Number(gen[1]), globalGeneration: null } : null;
}

/** The same request always maps to the same key, whatever the order of its filter fields. */
export function canonicalParams(p: CacheParams): string {
  const filters = Object.entries(p.filters ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ l: p.limit, o: p.offset, e: p.explain, f: filters, a: p.audience });
}

export function pageKey(
  namespace: string,
  viewer: number,
  generation: number,
  p: CacheParams,
  globalGeneration = 0,
): string {
  const digest = createHash('sha1').update(canonicalParams(p)).digest('base64url');
  return `${namespace}rec:page:${viewer}:${generation}.${globalGeneration}:${digest}`;
}

/** Whose cached pages an interaction makes stale. */
export function viewersToInvalidate(event: EventPayload<typeof Subjects.events.interactionCreated>): number[] {
  const { interaction: i } = event;
  // The actor must not see the person again. A block also hides the actor from the target's pages.
  return i.interaction_type === 'block' ? [i.user_id, i.target_user_id] : [i.user_id];
}

/** A user event: created, updated or deleted. */
type UserEvent = EventOf<SubjectsOf<typeof Subjects.events.anyUser>>;

/**
 * What a user event makes stale: that viewer's own pages (their preferences may have changed), or everyone's (they
 * left). User events carry ids only, so the consumer passes the user's `is_active` as PostgreSQL has it now (null:
 * no such user any more, they were deleted since).
 */
export function cacheEffectOfUserEvent(
  event: UserEvent,
  isActive: boolean | null,
): { viewer: number } | 'everyone' | null {
  if (event.subject === Subjects.events.userDeleted) return 'everyone';
  if (event.subject !== Subjects.events.userUpdated) return null;
  return isActive === true ? { viewer: userIdOfEvent(event.payload) } : 'everyone';
}
