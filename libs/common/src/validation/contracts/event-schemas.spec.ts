import 'reflect-metadata';
import { type EventPayload, type EventSubject } from '@app/contracts';
import { eventProblems } from './check-payload';
import { EVENT_SCHEMAS } from './event-schemas';

const interaction: EventPayload<'events.interaction.created'>['interaction'] = {
  id: 9_000_000_000,
  user_id: 1,
  target_user_id: 2,
  interaction_type: 'super_like',
  context: null,
  created_at: '2026-11-26T10:00:00.000Z',
};

/** A valid payload of every event, as its publisher writes it. */
const GOOD: { [S in EventSubject]: EventPayload<S> } = {
  'events.user.created': { user_id: 7 },
  'events.user.updated': { user_id: 2_147_483_647 },
  'events.user.deleted': { user_id: 7 },
  'events.interaction.created': { interaction, is_match: true },
  'events.model.activated': { kind: 'ranker', version: 3 },
  'events.bulk.imported': { users: 12, interactions: 0 },
  'inbound.interaction': {
    event_id: 'app-7f3c:swipe:991',
    user_id: 1,
    target_user_id: 2,
    interaction_type: 'like',
    context: { source: 'web' },
  },
  'inbound.profile': { event_id: 'p-1', user_id: 3, changes: { bio: 'new in town', location: null } },
  'inbound.signal': {
    event_id: 'msg-88',
    kind: 'message',
    user_id: 1,
    target_user_id: 2,
    occurred_at: '2026-12-08T10:00:00.000Z',
  },
};

/** Bad payloads of each event, and the field each must be refused for. */
const BAD: { [S in EventSubject]: [payload: Record<string, unknown>, field: string][] } = {
  'events.user.created': [
    [{}, 'user_id'],
    [{ user_id: '7' }, 'user_id'],
    [{ user_id: 0 }, 'user_id'],
    [{ user: { id: '7' } }, 'user_id'],
    [{ user: null }, 'user_id'],
  ],
  'events.user.updated': [[{ user_id: 1.5 }, 'user_id']],
  'events.user.deleted': [
    [{ user_id: '1 OR 1=1' }, 'user_id'],
    [{}, 'user_id'],
  ],
  'events.interaction.created': [
    [{ interaction }, 'is_match'],
    [{ interaction: { ...interaction, interaction_type: 'love' }, is_match: false }, 'interaction.interaction_type'],
    [{ interaction: { ...interaction, target_user_id: null }, is_match: false }, 'interaction.target_user_id'],
    [{ interaction: { ...interaction, context: 'x' }, is_match: false }, 'interaction.context'],
  ],
  'events.model.activated': [
    [{ kind: 'tree', version: 1 }, 'kind'],
    [{ kind: 'ranker', version: 0 }, 'version'],
  ],
  'events.bulk.imported': [
    [{ users: -1, interactions: 0 }, 'users'],
    [{ users: 1 }, 'interactions'],
  ],
  'inbound.interaction': [
    [{ user_id: 1, target_user_id: 2, interaction_type: 'like' }, 'event_id'],
    [{ event_id: 'has space', user_id: 1, target_user_id: 2, interaction_type: 'like' }, 'event_id'],
    [{ event_id: 'e', user_id: 1, target_user_id: 2, interaction_type: 'love' }, 'interaction_type'],
    [{ event_id: 'e', target_user_id: 2, interaction_type: 'like' }, 'user_id'],
  ],
  'inbound.profile': [
    [{ event_id: 'e', user_id: 1, changes: { age: 12 } }, 'changes.age'],
    [{ event_id: 'e', user_id: 1 }, 'changes'],
  ],
  'inbound.signal': [
    [{ event_id: 'e', kind: 'kiss', user_id: 1, target_user_id: 2, occurred_at: '2026-12-08T10:00:00Z' }, 'kind'],
    [{ event_id: 'e', kind: 'message', user_id: 1, target_user_id: 2, occurred_at: 'yesterday' }, 'occurred_at'],
    [{ event_id: 'e', kind: 'report', user_id: 1, occurred_at: '2026-12-08T10:00:00Z' }, 'target_user_id'],
  ],
};

const SUBJECTS = Object.keys(GOOD) as EventSubject[];

describe('event schemas (EVENT_SCHEMAS)', () => {
  it('has one for every event subject, and examples for each here', () => {
    expect(Object.keys(EVENT_SCHEMAS).sort()).toEqual([...SUBJECTS].sort());
    expect(Object.keys(BAD).sort()).toEqual([...SUBJECTS].sort());
  });

  it.each(SUBJECTS)('%s: accepts what its publisher writes', (subject) => {
    expect(eventProblems(subject, GOOD[subject])).toEqual([]);
  });

  it.each(SUBJECTS)('%s: refuses each bad payload, naming the field and why', (subject) => {
    for (const [payload, field] of BAD[subject]) {
      const problems = eventProblems(subject, payload);
      expect({ payload, fields: problems.map((p) => p.field) }).toEqual({ payload, fields: [field] });
      expect(problems[0].reasons.length).toBeGreaterThan(0);
    }
  });

  it.each(SUBJECTS)(
    '%s: ignores a field it does not know (a newer publisher may add one), but refuses Object.prototype names and non-objects',
    (subject) => {
      expect(eventProblems(subject, { ...GOOD[subject], added_later: 1 })).toEqual([]);
      expect(eventProblems(subject, { ...GOOD[subject], ...JSON.parse('{"__proto__": {"x": 1}}') })).toEqual([
        { field: '__proto__', reasons: ['unknown field'] },
      ]);
      for (const payload of [null, [], 'x', 1])
        expect(eventProblems(subject, payload)).toEqual([{ field: 'payload', reasons: ['must be a JSON object'] }]);
    },
  );

  it('refuses an event whose subject has no schema', () => {
    expect(eventProblems('events.user.renamed', {})).toEqual([
      { field: 'subject', reasons: ['no schema for this event subject'] },
    ]);
  });

  it('takes a user event of the version before ids-only user events (the whole profile) for its id, during a rolling upgrade', () => {
    const legacy = { user: { id: 7, name: 'Alice', age: 25, gender: 'female', interests: ['hiking'] } };
    expect(eventProblems('events.user.created', legacy)).toEqual([]);
    expect(eventProblems('events.user.updated', legacy)).toEqual([]);
    expect(eventProblems('events.user.created', { user: { ...legacy.user, id: 0 } })).toEqual([
      expect.objectContaining({ field: 'user_id' }),
    ]);
  });

  it('words its reasons without the values it refused', () => {
    const secret = 'SECRET-4711';
    const problems = eventProblems('events.interaction.created', {
      interaction: { ...interaction, interaction_type: secret, created_at: secret },
      is_match: 42,
    });
    expect(problems.map((p) => p.field)).toEqual([
      'interaction.interaction_type',
      'interaction.created_at',
      'is_match',
    ]);
    expect(JSON.stringify(problems)).not.toContain(secret);
    expect(JSON.stringify(problems)).not.toContain('42');
  });
});
