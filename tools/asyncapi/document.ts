/**
 * The AsyncAPI document of the product's events (asyncapi.json, written by `npm run asyncapi`):
 * what it announces on NATS JetStream and what integrators may publish for it (inbound), each
 * with its subject and the JSON Schema of its payload, generated from the very class-validator
 * classes every consumer checks events with (EVENT_SCHEMAS, by class-validator-jsonschema), and
 * the webhooks' deliveries. A spec keeps the
 * committed file equal to this and checks it against AsyncAPI's own schema.
 */
import { defaultMetadataStorage } from 'class-transformer/cjs/storage';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import { EVENT_STREAM, type EventSubject, INBOUND_STREAM, WebhookHeaders } from '@app/contracts';
import { EVENT_SCHEMAS } from '@app/common/validation/contracts/event-schemas';
import { EVENT_EXAMPLES, EVENT_DOCS, MATCH_FORMED_EXAMPLE, WEBHOOK_ENVELOPE_SCHEMA } from './events.docs';

type Json = Record<string, unknown>;

/** `events.user.created` -> `userCreated`: a channel's and message's key. */
export function keyOf(subject: string): string {
  return subject
    .replace(/^events\./, '')
    .replace(/-/g, '.')
    .split('.')
    .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)))
    .join('');
}

/** JSON Schemas of the event payload classes and the classes they nest, by class name. */
function payloadSchemas(): Record<string, Json> {
  const all = validationMetadatasToSchemas({
    refPointerPrefix: '#/components/schemas/',
    classTransformerMetadataStorage: defaultMetadataStorage,
    // The defaults of Min and Max also set `type: number`, which would override IsInt's `integer`
    // where they are applied after it (IsId); every bound here comes with its own type rule.
    additionalConverters: {
      min: (meta) => ({ minimum: meta.constraints[0] }),
      max: (meta) => ({ maximum: meta.constraints[0] }),
    },
  }) as Record<string, Json>;
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name)) return;
    wanted.add(name);
    for (const [, ref] of JSON.stringify(all[name]).matchAll(/"#\/components\/schemas\/(\w+)"/g)) visit(ref);
  };
  for (const cls of Object.values(EVENT_SCHEMAS)) visit(cls.name);
  return Object.fromEntries([...wanted].sort().map((n) => [n, all[n]]));
}

export function asyncApiDocument(version: string): Json {
  const subjects = Object.keys(EVENT_SCHEMAS) as EventSubject[];
  const channels: Json = {};
  const operations: Json = {};
  const messages: Json = {};
  for (const subject of subjects) {
    const key = keyOf(subject);
    const doc = EVENT_DOCS[subject];
    const inbound = subject.startsWith('inbound.');
    channels[key] = {
      address: subject,
      servers: [{ $ref: '#/servers/nats' }],
      description: `On the JetStream stream ${inbound ? INBOUND_STREAM : EVENT_STREAM}. ${doc.consumers}`,
      messages: { [key]: { $ref: `#/components/messages/${key}` } },
    };
    const title = `${key[0].toUpperCase()}${key.slice(1)}`;
    operations[inbound ? `receive${title}` : `announce${title}`] = {
      action: inbound ? 'receive' : 'send',
      channel: { $ref: `#/channels/${key}` },
      summary: doc.summary,
      description: `Published by ${doc.publisher}. ${inbound ? INBOUND_DELIVERY : DELIVERY}`,
      messages: [{ $ref: `#/channels/${key}/messages/${key}` }],
    };
    messages[key] = {
      name: subject,
      title: doc.summary,
      contentType: 'application/json',
      headers: subject.startsWith('inbound.') ? INBOUND_HEADERS : NATS_HEADERS,
      payload: { $ref: `#/components/schemas/${EVENT_SCHEMAS[subject].name}` },
      examples: [{ payload: EVENT_EXAMPLES[subject] }],
    };
  }
  channels.matchFormedWebhook = {
    // Null: the URL each admin registered (POST /api/v1/admin/webhooks).
    address: null,
    servers: [{ $ref: '#/servers/webhookReceiver' }],
    description: 'The URL an admin registered for match.formed (POST /api/v1/admin/webhooks).',
    messages: { matchFormed: { $ref: '#/components/messages/matchFormed' } },
  };
  operations.deliverMatchFormed = {
    action: 'send',
    channel: { $ref: '#/channels/matchFormedWebhook' },
    summary: 'Two people liked each other: a signed POST to each webhook that asked for match.formed',
    description:
      'Written in the transaction of the swipe that formed the match, so never lost; at least once (skip an `id` ' +
      'already handled); retried with backoff until a 2xx answer, WEBHOOK_MAX_ATTEMPTS times; no order between ' +
      'events. docs/events.md has the retry schedule and how to verify the signature.',
    messages: [{ $ref: '#/channels/matchFormedWebhook/messages/matchFormed' }],
  };
  messages.matchFormed = {
    name: 'match.formed',
    title: 'A match formed (webhook delivery)',
    contentType: 'application/json',
    headers: WEBHOOK_HEADERS,
    payload: { $ref: '#/components/schemas/WebhookEnvelope' },
    examples: [{ payload: MATCH_FORMED_EXAMPLE }],
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Two-sided recommender events',
      version,
      description:
        "The recommender's events: what it announces on NATS JetStream (ids only, never profile fields) and by " +
        'webhook, and what integrators publish for it to learn from (inbound). The HTTP API is in openapi.json.',
    },
    defaultContentType: 'application/json',
    servers: {
      nats: {
        host: 'nats:4222',
        protocol: 'nats',
        description: "The product's NATS with JetStream; each app logs in as itself (deploy/nats/nats-server.conf).",
      },
      webhookReceiver: {
        host: 'backend.example.com',
        protocol: 'https',
        description: "The app backend's webhook receiver (any http or https URL an admin registers).",
      },
    },
    channels,
    operations,
    components: {
      messages,
      schemas: { ...payloadSchemas(), WebhookEnvelope: WEBHOOK_ENVELOPE_SCHEMA },
    },
  };
}

const DELIVERY =
  'Written to the outbox in the transaction of the change it announces, then relayed to JetStream: at least once, ' +
  'never lost once committed; a relayed copy repeats its Nats-Msg-Id, which JetStream deduplicates within its ' +
  'window. A durable consumer receives one subject in the order it was relayed.';

const INBOUND_DELIVERY =
  'Publish it on the subject with the NATS user integrator (allowed inbound.> and nothing else); the stream ' +
  '(a work queue, at most 7 days and 1 GiB) keeps it until a durable consumer has applied it, once per event_id, ' +
  'however often it is published (a JetStream ' +
  'publish with Nats-Msg-Id = event_id is also deduplicated within 5 minutes). Fields this version does not know ' +
  'are ignored; a payload its schema refuses is dropped and counted (events_refused_total); one that cannot be ' +
  'applied is delivered again with backoff, then kept as a dead letter (GET /api/v1/admin/dead-letters), except a ' +
  "deleted person's profile change, which is dropped.";

const NATS_HEADERS = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': { type: 'string', format: 'uuid', description: "The event's id: the same on every relay of it" },
    'X-Request-Id': { type: 'string', description: 'The id of the request that caused it, when one did' },
  },
};

const INBOUND_HEADERS = {
  type: 'object',
  properties: {
    'Nats-Msg-Id': {
      type: 'string',
      description:
        "Optional, with a JetStream publish: the event's event_id, so a repeat within 5 minutes is not stored",
    },
  },
};

const WEBHOOK_HEADERS = {
  type: 'object',
  required: [WebhookHeaders.signature, WebhookHeaders.event, WebhookHeaders.delivery],
  properties: {
    [WebhookHeaders.signature]: {
      type: 'string',
      pattern: '^t=\\d+,v1=[0-9a-f]{64}$',
      description: 'hex HMAC-SHA256, under the webhook secret, of "<t>.<raw body>"; t is unix seconds',
    },
    [WebhookHeaders.event]: { type: 'string', enum: ['match.formed'] },
    [WebhookHeaders.delivery]: { type: 'string', description: "The delivery's id in the delivery log" },
  },
};
