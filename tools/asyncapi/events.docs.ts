/**
 * What asyncapi.json says of each event besides its schema: who publishes it, who consumes it,
 * an example. Typed against the contracts, so a new event does not compile until it is described.
 */
import type { EventPayload, EventSubject, WebhookEnvelope } from '@app/contracts';

export const EVENT_DOCS: Record<EventSubject, { summary: string; publisher: string; consumers: string }> = {
  'events.user.created': {
    summary: 'A profile was created',
    publisher: 'user-service',
    consumers: 'Read by the profile mirrors of candidate-service and feature-service.',
  },
  'events.user.updated': {
    summary: 'A profile changed (read it from the API: the event carries the id only)',
    publisher: 'user-service',
    consumers: 'Read by the profile mirrors and the recommendation cache.',
  },
  'events.user.deleted': {
    summary: 'A person was deleted: erase whatever you keep of them',
    publisher: 'user-service',
    consumers: 'Every service erases what it keeps of the person (SECURITY.md, "Deletion leaves nothing").',
  },
  'events.interaction.created': {
    summary: 'A swipe or block was recorded; is_match says whether it completed a match',
    publisher: 'interaction-service',
    consumers: 'Read by the real-time counters, viewer histories, the recommendation cache and the retrain counter.',
  },
  'events.model.activated': {
    summary: 'A new model version serves',
    publisher: 'trainer',
    consumers: 'Every replica of candidate-service, feature-service and ranking-service loads it.',
  },
  'events.bulk.imported': {
    summary: 'A bulk import landed (derived data is recomputed)',
    publisher: 'user-service, for the import tool',
    consumers: 'The trainer retrains in full; the profile mirrors and viewer histories reload.',
  },
  'inbound.interaction': {
    summary: 'A swipe or block made elsewhere: recorded as POST /interactions/ records it, once per event_id',
    publisher: 'integrators (NATS user integrator)',
    consumers: 'interaction-service records it (same rules, match, events and webhooks).',
  },
  'inbound.profile': {
    summary: 'A profile change made elsewhere: applied as PUT /users/{id} applies it',
    publisher: 'integrators (NATS user integrator)',
    consumers: 'user-service applies it and announces events.user.updated.',
  },
  'inbound.signal': {
    summary: 'What follows a match: a message sent or a report (no content), kept once per event_id',
    publisher: 'integrators (NATS user integrator)',
    consumers: 'interaction-service keeps it in match_signals.',
  },
};

export const EVENT_EXAMPLES: { [S in EventSubject]: EventPayload<S> } = {
  'events.user.created': { user_id: 42 },
  'events.user.updated': { user_id: 42 },
  'events.user.deleted': { user_id: 42 },
  'events.interaction.created': {
    interaction: {
      id: 9001,
      user_id: 42,
      target_user_id: 7,
      interaction_type: 'like',
      context: { source: 'recommendation' },
      created_at: '2026-12-08T10:00:00.000Z',
    },
    is_match: true,
  },
  'events.model.activated': { kind: 'ranker', version: 4 },
  'events.bulk.imported': { users: 100000, interactions: 2471491 },
  'inbound.interaction': {
    event_id: 'app-web:swipe:8f3a-991',
    user_id: 42,
    target_user_id: 7,
    interaction_type: 'like',
    context: { source: 'web' },
  },
  'inbound.profile': {
    event_id: 'app-web:profile:42-17',
    user_id: 42,
    changes: { bio: 'New in town', interests: ['climbing'] },
  },
  'inbound.signal': {
    event_id: 'chat:msg:5531',
    kind: 'message',
    user_id: 42,
    target_user_id: 7,
    occurred_at: '2026-12-08T10:05:00.000Z',
  },
};

export const MATCH_FORMED_EXAMPLE: WebhookEnvelope<'match.formed'> = {
  id: '0b6f9a4e-2d7c-4f7e-9a51-6c0f1d3e2a10',
  type: 'match.formed',
  created_at: '2026-12-08T10:00:00.000Z',
  data: { user_ids: [42, 7], interaction_id: 9001, matched_at: '2026-12-08T10:00:00.000Z' },
};

/** The webhook body (contracts: WebhookEnvelope), as JSON Schema; the e2e spec checks real deliveries against it. */
export const WEBHOOK_ENVELOPE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'type', 'created_at', 'data'],
  properties: {
    id: { type: 'string', format: 'uuid', description: "The event's id: the same on every attempt" },
    type: { type: 'string', enum: ['match.formed'] },
    created_at: { type: 'string', format: 'date-time' },
    data: {
      type: 'object',
      additionalProperties: false,
      required: ['user_ids', 'interaction_id', 'matched_at'],
      properties: {
        user_ids: {
          type: 'array',
          items: { type: 'integer', minimum: 1 },
          minItems: 2,
          maxItems: 2,
          description: 'The person whose like completed the match, then the other',
        },
        interaction_id: { type: 'integer', minimum: 1, description: 'The like that completed the match' },
        matched_at: { type: 'string', format: 'date-time' },
      },
    },
  },
};
