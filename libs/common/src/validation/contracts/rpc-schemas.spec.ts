import 'reflect-metadata';
import { DomainError, ErrorCode, SERVICE_NAMES, Subjects, type RpcRequest, type RpcSubject } from '@app/contracts';
import { checkRequest, requestProblems } from './check-payload';
import { acceptsFeatureBatch } from './fast-accept';
import { RPC_SCHEMAS } from './rpc-schemas';

type HealthSubject = `${string}.health.${'ping' | 'metrics'}`;
type DomainSubject = Exclude<RpcSubject, HealthSubject>;

const ids = (n: number, from = 1) => Array.from({ length: n }, (_, i) => from + i);

/** A valid request of every subject, every optional field given (the health subjects take `{}`). */
const GOOD: { [S in DomainSubject]: RpcRequest<S> } = {
  'users.create': {
    name: 'Alice',
    age: 25,
    gender: 'female',
    location: 'San Francisco',
    bio: null,
    interests: ['hiking', 'photography'],
    latitude: 37.77,
    longitude: -122.42,
    preferences: { genders: ['male'], age_min: 24, age_max: 35, max_distance_km: null },
    is_active: true,
    external_id: 'app-user-8f3a',
  },
  'users.create-batch': { users: [{ name: 'A', age: 30, gender: 'male' }] },
  'users.get': { id: 1 },
  'users.update': { id: 1, changes: { bio: 'hi', location: null, preferences: { age_max: 35 } } },
  'users.delete': { id: 2_147_483_647 },
  'users.list': {
    limit: 20,
    offset: 0,
    location: 'Berlin',
    min_age: 20,
    max_age: 30,
    gender: 'female',
    is_active: true,
  },
  'users.search.active': { limit: 20, offset: 40, within_hours: 168 },
  'users.search.by-interest': { limit: 1000, offset: 0, interest: 'hiking' },
  'interactions.create': {
    user_id: 1,
    target_user_id: 2,
    interaction_type: 'like',
    context: { source: 'recommendation' },
    idempotency_key: 'retry-key-1',
  },
  'interactions.create-batch': {
    interactions: [{ user_id: 1, target_user_id: 2, interaction_type: 'dislike', created_at: '2026-10-01T12:00:00Z' }],
  },
  'interactions.list': {
    user_id: 1,
    limit: 20,
    offset: 0,
    direction: 'given',
    interaction_type: 'super_like',
    since: '2026-11-01T00:00:00Z',
    until: '2026-12-01T00:00:00Z',
  },
  'interactions.stats': { user_id: 1 },
  'interactions.mutual': { user_id: 1, target_user_id: 2 },
  'interactions.recent': { user_id: 1, hours: 720, limit: 100 },
  'interactions.timeline': {
    user_id: 1,
    granularity: 'hour',
    since: '2026-11-01T00:00:00.000Z',
    until: '2026-12-02T00:00:00.000Z',
  },
  'interactions.matches': { user_id: 1, limit: 20, offset: 0 },
  'candidates.generate': {
    user_id: 1,
    k: 500,
    filters: { min_age: 20, max_age: 20, max_distance_km: 12.5, interest: '  Hiking ' },
  },
  'candidates.similar': { user_id: 1, limit: 100 },
  'features.batch': { viewer_id: 1, candidate_ids: ids(1000), known_likes: { liked_viewer: [2], liked_by_viewer: [] } },
  'ranking.recommend': { user_id: 1, limit: 20, offset: 480, explain: false, filters: { interest: 'hiking' } },
  'ranking.rank': { user_id: 1, candidate_ids: ids(500) },
  'ranking.performance': { window_hours: 2160 },
  'training.enqueue': { job: 'full-retrain', reason: '' },
  'training.job-status': { job_id: 'after-interactions-3' },
  'training.versions': { kind: 'embeddings' },
  'webhooks.create': { url: 'https://backend.example.com/hooks', events: ['match.formed'], description: 'matches' },
  'webhooks.list': {},
  'webhooks.delete': { id: 1 },
  'webhooks.deliveries': { webhook_id: 1, status: 'failed', limit: 20, offset: 0 },
  'webhooks.redeliver': { webhook_id: 1, delivery_id: 9 },
};

/** Valid too: each subject's required fields only. */
const MINIMAL: Partial<{ [S in DomainSubject]: RpcRequest<S> }> = {
  'users.create': { name: 'Bo', age: 18, gender: 'non_binary' },
  'users.update': { id: 1, changes: {} },
  'users.list': { limit: 1, offset: 10_000_000 },
  'interactions.create': { user_id: 1, target_user_id: 2, interaction_type: 'block' },
  'interactions.create-batch': {
    interactions: [{ user_id: 1, target_user_id: 2, interaction_type: 'like', context: null }],
  },
  'interactions.list': { user_id: 1, limit: 20, offset: 0, direction: 'both' },
  'candidates.generate': { user_id: 1 },
  'candidates.similar': { user_id: 1 },
  'features.batch': { viewer_id: 1, candidate_ids: [] },
  'training.versions': {},
  'webhooks.create': { url: 'http://backend:8080/hooks', events: ['match.formed'] },
  'webhooks.deliveries': { webhook_id: 1, limit: 1, offset: 0 },
};

/** Bad requests of each subject, and the field each must be refused for. */
const BAD: { [S in DomainSubject]: [payload: Record<string, unknown>, field: string][] } = {
  'users.create': [
    [{ name: '', age: 25, gender: 'female' }, 'name'],
    [{ name: 'A', age: 17, gender: 'female' }, 'age'],
    [{ name: 'A', age: '25', gender: 'female' }, 'age'],
    [{ name: 'A', age: 25, gender: 'robot' }, 'gender'],
    [{ name: 'A', age: 25 }, 'gender'],
    [{ name: 'A', age: 25, gender: 'male', preferences: { genders: [] } }, 'preferences.genders'],
    [{ name: 'A', age: 25, gender: 'male', interests: null }, 'interests'],
    [{ name: 'A', age: 25, gender: 'male', external_id: "x'; --" }, 'external_id'],
  ],
  'users.create-batch': [
    [{ users: [] }, 'users'],
    [
      {
        users: [
          { name: 'A', age: 30, gender: 'male' },
          { name: 'B', age: 12, gender: 'male' },
        ],
      },
      'users.1.age',
    ],
    [{ users: [{ name: 'A', age: 30, gender: 'male', role: 'admin' }] }, 'users.0.role'],
    [{ users: 'everyone' }, 'users'],
  ],
  'users.get': [
    [{ id: '1 OR 1=1' }, 'id'],
    [{}, 'id'],
    [{ id: 0 }, 'id'],
    [{ id: 2 ** 31 }, 'id'],
  ],
  'users.update': [
    [{ id: 1 }, 'changes'],
    [{ id: 1, changes: { age: 5 } }, 'changes.age'],
    [{ id: 1, changes: { name: null } }, 'changes.name'],
    [{ id: 1, changes: { is_admin: true } }, 'changes.is_admin'],
    [{ id: '1', changes: {} }, 'id'],
  ],
  'users.delete': [
    [{ id: '1 OR 1=1' }, 'id'],
    [{}, 'id'],
    [{ id: 1.5 }, 'id'],
  ],
  'users.list': [
    [{ limit: 0, offset: 0 }, 'limit'],
    [{ limit: 1001, offset: 0 }, 'limit'],
    [{ limit: 20, offset: -1 }, 'offset'],
    [{ limit: 20 }, 'offset'],
    [{ limit: 20, offset: 0, gender: 'x' }, 'gender'],
    [{ limit: 20, offset: 0, is_active: 'true' }, 'is_active'],
    [{ limit: 20, offset: 0, location: '' }, 'location'],
  ],
  'users.search.active': [
    [{ limit: 20, offset: 0, within_hours: 8761 }, 'within_hours'],
    [{ limit: 20, offset: 0 }, 'within_hours'],
  ],
  'users.search.by-interest': [
    [{ limit: 20, offset: 0, interest: '' }, 'interest'],
    [{ limit: 20, offset: 0, interest: ['a'] }, 'interest'],
  ],
  'interactions.create': [
    [{ user_id: 1, interaction_type: 'like' }, 'target_user_id'],
    [{ target_user_id: 2, interaction_type: 'like' }, 'user_id'],
    [{ user_id: 1, target_user_id: 2, interaction_type: 'love' }, 'interaction_type'],
    [{ user_id: 1, target_user_id: 2, interaction_type: 'like', context: 'x' }, 'context'],
    [{ user_id: 1, target_user_id: 2, interaction_type: 'like', context: { note: 'x'.repeat(3000) } }, 'context'],
    [{ user_id: 1, target_user_id: 2, interaction_type: 'like', idempotency_key: 'has space' }, 'idempotency_key'],
    [{ user_id: 1, target_user_id: 2, interaction_type: 'like', idempotency_key: null }, 'idempotency_key'],
  ],
  'interactions.create-batch': [
    [
      { interactions: [{ user_id: 1, target_user_id: 2, interaction_type: 'like', created_at: 'yesterday' }] },
      'interactions.0.created_at',
    ],
    [
      { interactions: ids(1001).map((i) => ({ user_id: i, target_user_id: 1, interaction_type: 'like' })) },
      'interactions',
    ],
    [{ interactions: [{ target_user_id: 2, interaction_type: 'like' }] }, 'interactions.0.user_id'],
  ],
  'interactions.list': [
    [{ user_id: 1, limit: 20, offset: 0 }, 'direction'],
    [{ user_id: 1, limit: 20, offset: 0, direction: 'sideways' }, 'direction'],
    [{ user_id: 1, limit: 20, offset: 0, direction: 'both', since: 'last week' }, 'since'],
    [{ user_id: 1, limit: 20, offset: 0, direction: 'both', interaction_type: "like' OR 1=1" }, 'interaction_type'],
  ],
  'interactions.stats': [
    [{ user_id: '1' }, 'user_id'],
    [{ id: 1 }, 'user_id'],
  ],
  'interactions.mutual': [[{ user_id: 1 }, 'target_user_id']],
  'interactions.recent': [
    [{ user_id: 1, hours: 721, limit: 20 }, 'hours'],
    [{ user_id: 1, hours: 24, limit: 101 }, 'limit'],
  ],
  'interactions.timeline': [
    [
      {
        user_id: 1,
        granularity: "day'; DROP TABLE users; --",
        since: '2026-11-01T00:00:00Z',
        until: '2026-11-02T00:00:00Z',
      },
      'granularity',
    ],
    [{ user_id: 1, granularity: 'week', since: '2026-11-01T00:00:00Z', until: '2026-11-02T00:00:00Z' }, 'granularity'],
    [{ user_id: 1, granularity: 'day', since: '2026-11-02T00:00:00Z', until: '2026-11-01T00:00:00Z' }, 'since'],
    [{ user_id: 1, granularity: 'hour', since: '2026-01-01T00:00:00Z', until: '2026-03-01T00:00:00Z' }, 'since'],
    [{ user_id: 1, granularity: 'day', since: '1970-01-01T00:00:00Z', until: '2100-01-01T00:00:00Z' }, 'since'],
    [{ user_id: 1, granularity: 'day', until: '2026-11-01T00:00:00Z' }, 'since'],
  ],
  'interactions.matches': [
    [{ user_id: 1, offset: 0 }, 'limit'],
    [{ user_id: null, limit: 20, offset: 0 }, 'user_id'],
  ],
  'candidates.generate': [
    [{ user_id: 1, k: 501 }, 'k'],
    [{ user_id: 1, filters: { min_age: 40, max_age: 30 } }, 'filters.min_age'],
    [{ user_id: 1, filters: { interest: '   ' } }, 'filters.interest'],
    [{ user_id: 1, filters: { max_distance_km: 0 } }, 'filters.max_distance_km'],
    [{ user_id: 1, filters: { min_age: 17 } }, 'filters.min_age'],
    [{ user_id: 1, filters: null }, 'filters'],
    [{ user_id: 1, filters: { radius: 5 } }, 'filters.radius'],
  ],
  'candidates.similar': [
    [{ user_id: 1, limit: 101 }, 'limit'],
    [{ limit: 10 }, 'user_id'],
  ],
  'features.batch': [
    [{ viewer_id: 1, candidate_ids: ids(1001) }, 'candidate_ids'],
    [{ viewer_id: 1, candidate_ids: [1, 2.5] }, 'candidate_ids'],
    [{ viewer_id: 1, candidate_ids: [1, '2'] }, 'candidate_ids'],
    [{ viewer_id: 1, candidate_ids: '1,2' }, 'candidate_ids'],
    [{ candidate_ids: [1] }, 'viewer_id'],
    [
      { viewer_id: 1, candidate_ids: [1], known_likes: { liked_viewer: 'x', liked_by_viewer: [] } },
      'known_likes.liked_viewer',
    ],
    [{ viewer_id: 1, candidate_ids: [1], known_likes: { liked_viewer: [] } }, 'known_likes.liked_by_viewer'],
    [
      { viewer_id: 1, candidate_ids: [1], known_likes: { liked_viewer: [], liked_by_viewer: [0] } },
      'known_likes.liked_by_viewer',
    ],
    [{ viewer_id: 1, candidate_ids: [1], known_likes: [] }, 'known_likes'],
    [{ viewer_id: 1, candidate_ids: [1], known_likes: null }, 'known_likes'],
    [
      { viewer_id: 1, candidate_ids: [1], known_likes: { liked_viewer: [], liked_by_viewer: [], x: 1 } },
      'known_likes.x',
    ],
  ],
  'ranking.recommend': [
    [{ user_id: 1, limit: 0, offset: 0, explain: false }, 'limit'],
    [{ user_id: 1, limit: 20, offset: 481, explain: false }, 'offset'],
    [{ user_id: 1, limit: 20, offset: 0, explain: 'yes' }, 'explain'],
    [{ user_id: 1, limit: 20, offset: 0 }, 'explain'],
    [{ user_id: 1, limit: 20, offset: 0, explain: true, filters: { max_age: 121 } }, 'filters.max_age'],
  ],
  'ranking.rank': [
    [{ user_id: 1, candidate_ids: [] }, 'candidate_ids'],
    [{ user_id: 1, candidate_ids: ids(501) }, 'candidate_ids'],
    [{ candidate_ids: [2] }, 'user_id'],
  ],
  'ranking.performance': [
    [{ window_hours: 0 }, 'window_hours'],
    [{ window_hours: 2161 }, 'window_hours'],
  ],
  'training.enqueue': [
    [{ job: 'dance', reason: 'x' }, 'job'],
    [{ job: 'full-retrain' }, 'reason'],
    [{ job: 'full-retrain', reason: 'x'.repeat(201) }, 'reason'],
  ],
  'training.job-status': [
    [{ job_id: '../../etc' }, 'job_id'],
    [{ job_id: '' }, 'job_id'],
    [{}, 'job_id'],
  ],
  'training.versions': [
    [{ kind: 'x' }, 'kind'],
    [{ kind: null }, 'kind'],
  ],
  'webhooks.create': [
    [{ url: 'ftp://backend/hooks', events: ['match.formed'] }, 'url'],
    [{ url: 'not a url', events: ['match.formed'] }, 'url'],
    [{ url: 'https://user:secret@backend/hooks', events: ['match.formed'] }, 'url'],
    [{ url: 'http://backend:8080/hooks', events: [] }, 'events'],
    [{ url: 'http://backend:8080/hooks', events: ['user.disliked'] }, 'events'],
    [{ url: 'http://backend:8080/hooks', events: ['match.formed', 'match.formed'] }, 'events'],
    [{ url: 'http://backend:8080/hooks', events: ['match.formed'], secret: 'mine' }, 'secret'],
  ],
  'webhooks.list': [[{ all: true }, 'all']],
  'webhooks.delete': [
    [{ id: '1' }, 'id'],
    [{ id: 0 }, 'id'],
  ],
  'webhooks.deliveries': [
    [{ webhook_id: 1, status: 'lost', limit: 20, offset: 0 }, 'status'],
    [{ webhook_id: 1, limit: 0, offset: 0 }, 'limit'],
    [{ limit: 20, offset: 0 }, 'webhook_id'],
  ],
  'webhooks.redeliver': [[{ webhook_id: 1, delivery_id: -3 }, 'delivery_id']],
};

const HEALTH: HealthSubject[] = SERVICE_NAMES.flatMap((s) => [Subjects.health.ping(s), Subjects.health.metrics(s)]);
const DOMAIN = Object.keys(GOOD) as DomainSubject[];

/** The error `checkRequest` throws for the payload, or undefined when it passes. */
function refusal(subject: string, payload: unknown): DomainError | undefined {
  try {
    checkRequest(subject, payload);
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(DomainError);
    return err as DomainError;
  }
}

describe('request schemas (RPC_SCHEMAS)', () => {
  it('has one for every subject of RpcContract, the health subjects of every service included, and examples for each here', () => {
    expect(Object.keys(RPC_SCHEMAS).sort()).toEqual([...DOMAIN, ...HEALTH].sort());
    expect(Object.keys(BAD).sort()).toEqual([...DOMAIN].sort());
  });

  it.each(DOMAIN)(
    '%s: accepts a valid request, with every optional field and with only the required ones',
    (subject) => {
      expect(refusal(subject, GOOD[subject])).toBeUndefined();
      if (MINIMAL[subject]) expect(refusal(subject, MINIMAL[subject])).toBeUndefined();
    },
  );

  it.each(DOMAIN)('%s: refuses each bad request with VALIDATION_FAILED, naming the field and why', (subject) => {
    for (const [payload, field] of BAD[subject]) {
      const err = refusal(subject, payload);
      expect({ payload, code: err?.code }).toEqual({ payload, code: ErrorCode.ValidationFailed });
      const detail = err!.details?.find((d) => d.field === field);
      expect({ payload, fields: err!.details?.map((d) => d.field) }).toEqual({
        payload,
        fields: expect.arrayContaining([field]),
      });
      expect(detail!.reasons.length).toBeGreaterThan(0);
      expect(err!.message).toContain(`${field}: ${detail!.reasons[0]}`);
    }
  });

  it.each([...DOMAIN, ...HEALTH])(
    '%s: refuses an unknown field, a field named after Object.prototype, and a payload that is not an object',
    (subject) => {
      const good = (GOOD as Record<string, object>)[subject] ?? {};
      expect(refusal(subject, { ...good, unexpected: 1 })?.details).toEqual([
        { field: 'unexpected', reasons: ['unknown field'] },
      ]);
      const proto = JSON.parse(`{"__proto__": {"admin": true}, "constructor": 1}`) as object;
      expect(refusal(subject, { ...good, ...proto })?.details).toEqual([
        { field: '__proto__', reasons: ['unknown field'] },
        { field: 'constructor', reasons: ['unknown field'] },
      ]);
      for (const payload of [null, undefined, [], 'users', 42])
        expect(refusal(subject, payload)?.details).toEqual([{ field: 'payload', reasons: ['must be a JSON object'] }]);
    },
  );

  it('reports every bad field at once, nested and per record, with the words the gateway uses', () => {
    const err = refusal(Subjects.users.createBatch, {
      users: [
        { name: 'A', age: 30, gender: 'male' },
        { name: '', age: 12, gender: 'male', preferences: { age_min: 5 } },
      ],
    });
    expect(err?.details).toEqual([
      {
        field: 'users.1.name',
        reasons: ['name must not be blank', 'name must be longer than or equal to 1 characters'],
      },
      { field: 'users.1.age', reasons: ['age must be at least 18'] },
      { field: 'users.1.preferences.age_min', reasons: ['age_min must not be less than 18'] },
    ]);
    expect(err?.message).toBe(
      'users.1.name: name must not be blank, name must be longer than or equal to 1 characters; users.1.age: age must be at least 18; users.1.preferences.age_min: age_min must not be less than 18',
    );
  });

  it('refuses a subject that has no schema as a bug, not as bad input', () => {
    expect(() => checkRequest('users.nope', {})).toThrow('no request schema for users.nope');
  });
});

describe('the hand-written accept check of features.batch', () => {
  const classAccepts = (payload: Record<string, unknown>): boolean =>
    requestProblems(Subjects.features.batch, payload).length === 0;

  it('accepts the valid requests itself, so the class runs only for bad ones', () => {
    expect(acceptsFeatureBatch(GOOD['features.batch'] as never)).toBe(true);
    expect(acceptsFeatureBatch(MINIMAL['features.batch'] as never)).toBe(true);
  });

  it('never accepts what the schema class refuses', () => {
    const mutations: Record<string, unknown>[] = [
      ...BAD['features.batch'].map(([p]) => p),
      { viewer_id: 1, candidate_ids: [1], extra: 1 },
      { viewer_id: 0, candidate_ids: [1] },
      { viewer_id: 2 ** 31, candidate_ids: [1] },
      { viewer_id: 1, candidate_ids: [1, null] },
      { viewer_id: 1, candidate_ids: [1, NaN] },
      { viewer_id: 1, candidate_ids: [1, Infinity] },
      { viewer_id: 1, candidate_ids: [1, [2]] },
      { viewer_id: 1, candidate_ids: [1], known_likes: { liked_viewer: ids(1001), liked_by_viewer: [] } },
      { viewer_id: 1, candidate_ids: [1], known_likes: 'x' },
      { viewer_id: '1', candidate_ids: [1] },
      JSON.parse('{"viewer_id": 1, "candidate_ids": [1], "__proto__": {}}'),
    ];
    for (const payload of mutations) {
      expect({ payload, fast: acceptsFeatureBatch(payload) }).toEqual({ payload, fast: false });
      expect({ payload, class: classAccepts(payload) }).toEqual({ payload, class: false });
    }
  });
});
