/**
 * Every NATS subject, and the event stream's name, in one table: call sites (handlers, the RPC
 * client, publishers, consumers, tests, tools) name a subject through it, never as a string.
 * The request and reply of each RPC subject are in rpc-contract.ts, each event's payload in
 * events.ts, both keyed by this table.
 * WARNING: these strings are a wire contract between deployables that may run different
 * versions during a rollout; add, never rename.
 */
export const Subjects = {
  users: {
    create: 'users.create',
    createBatch: 'users.create-batch',
    get: 'users.get',
    update: 'users.update',
    delete: 'users.delete',
    list: 'users.list',
    searchActive: 'users.search.active',
    searchByInterest: 'users.search.by-interest',
  },
  interactions: {
    create: 'interactions.create',
    createBatch: 'interactions.create-batch',
    list: 'interactions.list',
    stats: 'interactions.stats',
    mutual: 'interactions.mutual',
    recent: 'interactions.recent',
    timeline: 'interactions.timeline',
    matches: 'interactions.matches',
  },
  candidates: {
    generate: 'candidates.generate',
    similar: 'candidates.similar',
  },
  features: {
    batch: 'features.batch',
  },
  ranking: {
    recommend: 'ranking.recommend',
    rank: 'ranking.rank',
    performance: 'ranking.performance',
  },
  training: {
    enqueue: 'training.enqueue',
    jobStatus: 'training.job-status',
    versions: 'training.versions',
  },
  /** Webhooks (interaction-service): registration and the delivery log, for the admin API. */
  webhooks: {
    create: 'webhooks.create',
    list: 'webhooks.list',
    delete: 'webhooks.delete',
    deliveries: 'webhooks.deliveries',
    redeliver: 'webhooks.redeliver',
  },
  /** Per-service health and metrics: `<service>.health.ping`, `<service>.health.metrics`. */
  health: {
    ping: <S extends string>(service: S) => `${service}.health.ping` as const,
    metrics: <S extends string>(service: S) => `${service}.health.metrics` as const,
  },
  /** Events, stored in the JetStream stream EVENT_STREAM; the payload of each is in events.ts. */
  events: {
    userCreated: 'events.user.created',
    userUpdated: 'events.user.updated',
    userDeleted: 'events.user.deleted',
    interactionCreated: 'events.interaction.created',
    modelActivated: 'events.model.activated',
    /** A bulk import landed: derived data (aggregates, models) should be recomputed. */
    bulkImported: 'events.bulk.imported',
    /** Filter of every user event (created, updated, deleted). */
    anyUser: 'events.user.*',
    /** Filter of every event: the subjects the stream stores. */
    all: 'events.>',
  },
  /**
   * Dead letters, in the stream DEAD_LETTER_STREAM: the events a durable consumer gave up on
   * (`dead`, one subject per consumer), and those an admin sent back to it (`replay`), which the
   * consumer's replay consumer hands to the same handler (libs/common dead-letters.ts).
   */
  deadLetters: {
    dead: <D extends string>(durable: D) => `deadletters.dead.${durable}` as const,
    replay: <D extends string>(durable: D) => `deadletters.replay.${durable}` as const,
    /** Filter of every dead letter (not the replays). */
    allDead: 'deadletters.dead.>',
    /** Filter of what the stream stores. */
    all: 'deadletters.>',
  },
  /**
   * What systems outside this product publish (the `integrator` NATS user, bus-access.ts), kept in
   * the JetStream stream INBOUND_STREAM; the payload of each is in inbound.ts.
   */
  inbound: {
    interaction: 'inbound.interaction',
    profile: 'inbound.profile',
    signal: 'inbound.signal',
    /** Filter of every inbound event: the subjects the inbound stream stores. */
    all: 'inbound.>',
  },
  /** The echo responder of `npm run bench:hop` (tools/bench), not a service. */
  bench: {
    hopEcho: 'bench.hop.echo',
  },
} as const;

/**
 * The JetStream stream of every event: durable consumers read it, so a service that was down
 * catches up. WARNING: a wire contract, like the subjects.
 */
export const EVENT_STREAM = 'RECSYS_EVENTS';

/**
 * The JetStream stream of dead letters: the events a durable consumer gave up on after its
 * bounded redeliveries, kept for an admin to inspect, replay or discard. WARNING: a wire contract.
 */
export const DEAD_LETTER_STREAM = 'RECSYS_DEAD_LETTERS';

/** The durable consumer that hands a durable consumer's replayed dead letters to its handler. */
export const replayConsumerOf = (durable: string): string => `${durable}-replay`;
