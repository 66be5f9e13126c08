import type { EventFilter, EventSubject } from './events';
import type { RpcSubject } from './rpc-contract';
import { SERVICE_NAMES, type ServiceName } from './services';
import { Subjects } from './subjects';

/**
 * Who may do what on the bus, written once: each NATS user (one per deployable, plus one for
 * outside integrations), the subjects it answers, calls and announces, and the event consumers
 * it runs. The shipped nats-server configuration is generated from this table
 * (`npm run nats:config`, tools/nats-config), the outbox relay of a service publishes only the
 * events listed here as its own, and specs check the table against the code (handlers, calls,
 * outbox writes) and the shipped file against the table.
 */

/** The durable consumers (names are server state, so a wire contract: add, never rename). */
export const DurableConsumers = {
  /** ranking-service: invalidates cached pages on swipes. */
  rankingCache: 'ranking-service-cache',
  /** ranking-service: invalidates cached pages on profile changes and deletions. */
  rankingCacheUsers: 'ranking-service-cache-users',
  /** feature-service: the real-time counters. */
  featureCounters: 'feature-service-counters',
  /** feature-service: drops a deleted user's counters. */
  featureDeletions: 'feature-service-deletions',
  /** trainer: counts swipes towards a retrain. */
  trainerRetrainCounter: 'trainer-retrain-counter',
  /** trainer: a full retrain after a bulk import. */
  trainerBulkImport: 'trainer-bulk-import',
  /** trainer: erases a deleted user from every stored embeddings artifact. */
  trainerErasure: 'trainer-erasure',
  /** interaction-service: swipes and blocks integrators publish (inbound.interaction). */
  interactionInbound: 'interaction-service-inbound',
  /** interaction-service: messages and reports after a match (inbound.signal). */
  interactionSignals: 'interaction-service-inbound-signals',
  /** user-service: profile changes integrators publish (inbound.profile). */
  userInboundProfiles: 'user-service-inbound-profiles',
} as const;
export type DurableConsumerName = (typeof DurableConsumers)[keyof typeof DurableConsumers];

/** The apps' own NATS users: the six services and the gateway, each named after its app. */
export const APP_BUS_USERS = [...SERVICE_NAMES, 'gateway'] as const;
export type AppBusUser = (typeof APP_BUS_USERS)[number];

/**
 * The NATS users: each app's; `all`, for one process running every app (TARGET=all), allowed what
 * they are together; and outside systems that integrate over NATS.
 */
export const BUS_USERS = [...APP_BUS_USERS, 'all', 'integrator'] as const;
export type BusUser = (typeof BUS_USERS)[number];

export interface BusAccess {
  /** Subjects it subscribes to (in its queue group) and replies on. */
  answers: readonly RpcSubject[];
  /** Subjects it sends requests to. */
  calls: readonly RpcSubject[];
  /** Events it announces (its outbox relay publishes these, and only these, to the stream). */
  publishes: readonly EventSubject[];
  /** Its durable consumers of the stream, shared by its replicas. */
  durables: readonly { name: DurableConsumerName; filter: EventFilter }[];
  /** The filters its per-instance consumers follow (ephemeral ordered consumers, one per replica). */
  everyInstance: readonly EventFilter[];
  /** Plain (not JetStream) subjects it may publish to: the integrators' inbound prefix. */
  inbound?: readonly string[];
  /** It lists, reads, replays and discards dead letters (the admin endpoints). */
  administersDeadLetters?: true;
}

const health = (service: ServiceName): RpcSubject[] => [
  Subjects.health.ping(service),
  Subjects.health.metrics(service),
];
const { users, interactions, webhooks, candidates, features, ranking, training, events } = Subjects;
const none = [] as const;

const APP_ACCESS: Record<AppBusUser, BusAccess> = {
  'user-service': {
    answers: [...Object.values(users), ...health('user-service')],
    calls: none,
    // events.bulk.imported is written to the outbox by the import tool, which has no NATS
    // connection: user-service relays it (the import is mostly profiles).
    publishes: [events.userCreated, events.userUpdated, events.userDeleted, events.bulkImported],
    durables: [{ name: DurableConsumers.userInboundProfiles, filter: Subjects.inbound.profile }],
    everyInstance: none,
  },
  'interaction-service': {
    answers: [...Object.values(interactions), ...Object.values(webhooks), ...health('interaction-service')],
    calls: none,
    publishes: [events.interactionCreated],
    durables: [
      { name: DurableConsumers.interactionInbound, filter: Subjects.inbound.interaction },
      { name: DurableConsumers.interactionSignals, filter: Subjects.inbound.signal },
    ],
    everyInstance: none,
  },
  'feature-service': {
    answers: [features.batch, ...health('feature-service')],
    calls: none,
    publishes: none,
    durables: [
      { name: DurableConsumers.featureCounters, filter: events.interactionCreated },
      { name: DurableConsumers.featureDeletions, filter: events.userDeleted },
    ],
    // Its counters' index, the profile mirror (user events, bulk imports), the active embeddings.
    everyInstance: [
      events.interactionCreated,
      events.userDeleted,
      events.anyUser,
      events.bulkImported,
      events.modelActivated,
    ],
  },
  'candidate-service': {
    answers: [candidates.generate, candidates.similar, ...health('candidate-service')],
    calls: none,
    publishes: none,
    durables: none,
    // Viewer histories, the profile mirror, the active embeddings.
    everyInstance: [events.interactionCreated, events.bulkImported, events.anyUser, events.modelActivated],
  },
  'ranking-service': {
    answers: [ranking.recommend, ranking.rank, ranking.performance, ...health('ranking-service')],
    calls: [candidates.generate, features.batch],
    publishes: none,
    durables: [
      { name: DurableConsumers.rankingCache, filter: events.interactionCreated },
      { name: DurableConsumers.rankingCacheUsers, filter: events.anyUser },
    ],
    // The active ranker.
    everyInstance: [events.modelActivated],
  },
  trainer: {
    answers: [training.enqueue, training.jobStatus, training.versions, ...health('trainer')],
    calls: none,
    publishes: [events.modelActivated],
    durables: [
      { name: DurableConsumers.trainerRetrainCounter, filter: events.interactionCreated },
      { name: DurableConsumers.trainerBulkImport, filter: events.bulkImported },
      { name: DurableConsumers.trainerErasure, filter: events.userDeleted },
    ],
    everyInstance: none,
  },
  gateway: {
    answers: none,
    calls: [
      ...Object.values(users),
      ...Object.values(interactions),
      ...Object.values(webhooks),
      candidates.similar,
      ranking.recommend,
      ranking.rank,
      ranking.performance,
      training.enqueue,
      training.jobStatus,
      training.versions,
      // Health and metrics of every service.
      ...SERVICE_NAMES.flatMap(health),
    ],
    publishes: none,
    durables: none,
    everyInstance: none,
    administersDeadLetters: true,
  },
};

/** What several apps may do together: each right any of them has. */
function together(rows: readonly BusAccess[]): BusAccess {
  const union = <T>(pick: (row: BusAccess) => readonly T[] | undefined): T[] => [
    ...new Set(rows.flatMap((row) => pick(row) ?? [])),
  ];
  return {
    answers: union((r) => r.answers),
    calls: union((r) => r.calls),
    publishes: union((r) => r.publishes),
    durables: union((r) => r.durables),
    everyInstance: union((r) => r.everyInstance),
    ...(rows.some((r) => r.administersDeadLetters) ? { administersDeadLetters: true as const } : {}),
  };
}

export const BUS_ACCESS: Record<BusUser, BusAccess> = {
  ...APP_ACCESS,
  all: together(Object.values(APP_ACCESS)),
  integrator: {
    answers: none,
    calls: none,
    publishes: none,
    durables: none,
    everyInstance: none,
    inbound: [Subjects.inbound.all],
  },
};

/**
 * The prefix of a user's reply inboxes. Each user subscribes only under its own, so no one
 * reads the replies meant for another (a shared `_INBOX.>` would let any service read every
 * reply on the bus).
 */
export const busInboxPrefix = (user: BusUser): `_INBOX.${BusUser}` => `_INBOX.${user}`;

/** The variable holding a user's password in nats-server's environment (NATS_PASSWORD_USER_SERVICE...). */
export const busPasswordVariable = (user: BusUser): string => `NATS_PASSWORD_${user.toUpperCase().replace(/-/g, '_')}`;
