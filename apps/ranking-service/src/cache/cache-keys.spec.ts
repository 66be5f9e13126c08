import { Subjects, type EventPayload } from '@app/contracts';
import {
  cacheEffectOfUserEvent,
  canonicalParams,
  generationKey,
  globalGenerationKey,
  pageKey,
  parseCacheKey,
  viewersToInvalidate,
} from './cache-keys';

const base = { limit: 10, offset: 0, explain: false, audience: 'user' as const };

describe('recommendation cache keys', () => {
  it('are the same for the same request whatever the order of its filters', () => {
    const a = pageKey('ns:', 7, 0, { ...base, filters: { min_age: 25, interest: 'hiking' } });
    const b = pageKey('ns:', 7, 0, { ...base, filters: { interest: 'hiking', min_age: 25 } });
    expect(a).toBe(b);
    expect(canonicalParams({ ...base, filters: {} })).toBe(canonicalParams(base));
  });

  it('differ by viewer, generation, namespace, audience and every parameter', () => {
    const key = pageKey('ns:', 7, 0, base);
    const others = [
      pageKey('ns:', 8, 0, base),
      pageKey('ns:', 7, 1, base),
      pageKey('other:', 7, 0, base),
      pageKey('ns:', 7, 0, { ...base, limit: 11 }),
      pageKey('ns:', 7, 0, { ...base, offset: 10 }),
      pageKey('ns:', 7, 0, { ...base, explain: true }),
      pageKey('ns:', 7, 0, { ...base, filters: { max_distance_km: 5 } }),
      pageKey('ns:', 7, 0, base, 1),
      pageKey('ns:', 7, 0, { ...base, audience: 'admin' }),
    ];
    expect(new Set([key, ...others]).size).toBe(others.length + 1);
    expect(key.startsWith('ns:rec:page:7:0.0:')).toBe(true);
    expect(generationKey('ns:', 7)).toBe('ns:rec:gen:7');
  });
});

describe('viewersToInvalidate', () => {
  const event = (type: 'like' | 'dislike' | 'block'): EventPayload<typeof Subjects.events.interactionCreated> => ({
    interaction: {
      id: 1,
      user_id: 3,
      target_user_id: 4,
      interaction_type: type,
      context: null,
      created_at: '2026-11-26T10:00:00Z',
    },
    is_match: false,
  });

  it('is the swiper for a swipe, and both people for a block', () => {
    expect(viewersToInvalidate(event('like'))).toEqual([3]);
    expect(viewersToInvalidate(event('dislike'))).toEqual([3]);
    expect(viewersToInvalidate(event('block'))).toEqual([3, 4]);
  });
});

describe('cacheEffectOfUserEvent', () => {
  const { userCreated, userUpdated, userDeleted } = Subjects.events;
  const payload = { user_id: 5 };
  it('drops every page when someone leaves, and the viewer\u2019s own pages when they change', () => {
    expect(cacheEffectOfUserEvent({ subject: userDeleted, payload }, null)).toBe('everyone');
    expect(cacheEffectOfUserEvent({ subject: userUpdated, payload }, false)).toBe('everyone');
    expect(cacheEffectOfUserEvent({ subject: userUpdated, payload }, true)).toEqual({ viewer: 5 });
    expect(cacheEffectOfUserEvent({ subject: userCreated, payload }, true)).toBeNull();
  });

  it('drops every page when the updated user is gone by the time the event is read', () => {
    expect(cacheEffectOfUserEvent({ subject: userUpdated, payload }, null)).toBe('everyone');
  });

  it('reads the id of a legacy event that carried the whole profile', () => {
    const legacy = { user: { id: 5, is_active: true } } as unknown as { user_id: number };
    expect(cacheEffectOfUserEvent({ subject: userUpdated, payload: legacy }, true)).toEqual({ viewer: 5 });
  });
});

describe('parseCacheKey', () => {
  it('reads the viewer and global generation back from the keys the cache writes, and nothing else', () => {
    const rest = (key: string) => key.slice('ns:rec:'.length);
    expect(parseCacheKey(rest(pageKey('ns:', 7, 3, base, 12)))).toEqual({ viewer: 7, globalGeneration: 12 });
    expect(parseCacheKey(rest(generationKey('ns:', 7)))).toEqual({ viewer: 7, globalGeneration: null });
    expect(parseCacheKey(rest(globalGenerationKey('ns:')))).toBeNull();
    expect(parseCacheKey('something:else')).toBeNull();
  });
});
