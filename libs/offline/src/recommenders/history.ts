/**
 * What the services read from PostgreSQL per request, rebuilt from a list of swipes for the
 * offline evaluation: each viewer's relations (libs/db's viewer-relations query) and the
 * popularity and exposure counts (candidate-service's PopularityService query). The rules are
 * the same as those queries'; they are restated here because the services compute them in SQL.
 */
import type { Liker, PopularityView, ViewerRelations } from '@app/ml/candidates';
import type { Swipe } from '@app/ml/types';

const DAY_MS = 86_400_000;
/** Popularity counts the likes of the last 30 days before the latest swipe, as the service does. */
export const POPULARITY_WINDOW_DAYS = 30;

/**
 * Relations per viewer: everyone they swiped or blocked and who blocked them are excluded; likers feed the reciprocal
 * arm.
 */
export function relationsFromSwipes(swipes: readonly Swipe[]): Map<number, ViewerRelations> {
  const out = new Map<number, { excluded: Set<number>; likers: Liker[]; swipes: number }>();
  const of = (id: number) => {
    let r = out.get(id);
    if (!r) out.set(id, (r = { excluded: new Set(), likers: [], swipes: 0 }));
    return r;
  };
  for (const s of swipes) {
    const mine = of(s.actor);
    mine.excluded.add(s.target);
    if (s.type !== 'block') mine.swipes++;
    if (s.type === 'block') of(s.target).excluded.add(s.actor);
    else if (s.type === 'like' || s.type === 'super_like')
      of(s.target).likers.push({ id: s.actor, superLike: s.type === 'super_like', atMs: s.ts });
  }
  return out;
}

export const NO_RELATIONS: ViewerRelations = { excluded: new Set(), likers: [], swipes: 0 };

/** Likes received in the window (a super like counts 2) and exposure (swipes received). */
export function popularityFromSwipes(swipes: readonly Swipe[]): PopularityView {
  let latest = -Infinity;
  for (const s of swipes) latest = Math.max(latest, s.ts);
  const since = latest - POPULARITY_WINDOW_DAYS * DAY_MS;
  const likes = new Map<number, number>();
  const exposure = new Map<number, number>();
  let top = 0;
  for (const s of swipes) {
    if (s.ts < since || s.type === 'block') continue;
    exposure.set(s.target, (exposure.get(s.target) ?? 0) + 1);
    const w = s.type === 'super_like' ? 2 : s.type === 'like' ? 1 : 0;
    if (w === 0) continue;
    const n = (likes.get(s.target) ?? 0) + w;
    likes.set(s.target, n);
    top = Math.max(top, n);
  }
  return { likesOf: (id) => likes.get(id) ?? 0, maxLikes: top, exposureOf: (id) => exposure.get(id) ?? 0 };
}
