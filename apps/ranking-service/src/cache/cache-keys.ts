/**
 * Keys of the recommendation cache. A viewer's pages live under a generation number; a swipe
 * bumps the generation (one INCR), which makes every cached page of that viewer unreachable at
 * once. Unlike deleting the keys, this cannot lose a race: a page computed while the swipe landed
 * is stored under the old generation and never served. Old pages just expire (TTL).
 */
import { createHash } from 'node:crypto';
import type { EventPayload, RecommendationFilters } from '@app/contracts';

export interface CacheParams {
  limit: number;
  offset: number;
  explain: boolean;
  filters?: RecommendationFilters;
}

export function generationKey(namespace: string, viewer: number): string {
  return `${namespace}rec:gen:${viewer}`;
}

/** The same request always maps to the same key, whatever the order of its filter fields. */
export function canonicalParams(p: CacheParams): string {
  const filters = Object.entries(p.filters ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify({ l: p.limit, o: p.offset, e: p.explain, f: filters });
}

export function pageKey(namespace: string, viewer: number, generation: number, p: CacheParams): string {
  const digest = createHash('sha1').update(canonicalParams(p)).digest('base64url');
  return `${namespace}rec:page:${viewer}:${generation}:${digest}`;
}

/** Whose cached pages an interaction makes stale. */
export function viewersToInvalidate(event: EventPayload<'events.interaction.created'>): number[] {
  const { interaction: i } = event;
  // The actor must not see the person again. A block also hides the actor from the target's pages.
  return i.interaction_type === 'block' ? [i.user_id, i.target_user_id] : [i.user_id];
}
