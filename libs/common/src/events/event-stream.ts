import { findOrAddStream } from './stream-setup';
import { type BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { DiscardPolicy, jetstream, jetstreamManager, type JetStreamClient, RetentionPolicy } from '@nats-io/jetstream';
import {
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_STREAM,
  EVENT_STREAM,
  INBOUND_STREAM,
  replayConsumerOf,
  type EventFilter,
  type EventOf,
  type EventSubject,
  REQUEST_ID_HEADER,
  Subjects,
} from '@app/contracts';
import { SharedNatsConnection } from '../nats/shared-nats-connection';
import type { LatencyMetrics } from '../metrics/latency-metrics';
import { type ConsumerCounters, consumerMetrics, UNCOUNTED } from './consumer-metrics';
import { DeadLetterQueue } from './dead-letters';
import { type ConsumerSource, type Delivery, EVENT_SOURCE, EventConsumer, type EventHandler } from './event-consumer';
import { DEFAULT_REDELIVERY, type RedeliveryPolicy } from './redelivery';
import { subjectMatches } from './subject-match';

const NANOS_PER_SECOND = 1_000_000_000;
/**
 * Events are kept a week: long enough for any consumer outage we plan for. They carry ids, never
 * profile fields (libs/contracts events.ts), so what a deleted user leaves here for that week is
 * their id in their deletion event and in the swipes' events (ARCHITECTURE.md, "Erasure").
 */
const RETENTION_SECONDS = 7 * 24 * 3600;
/**
 * The stream's description, which marks a stream whose user events carry ids only. A stream
 * without it was written by an earlier version, whose events.user.created/updated carried whole
 * profiles: those subjects are purged once, when a publishing process of this version first
 * meets it.
 */
export const STREAM_DESCRIPTION = 'events of the recommender; user events carry ids only';
/** The subjects whose messages carried profiles before user events carried ids only. */
const LEGACY_PROFILE_SUBJECTS = [Subjects.events.userCreated, Subjects.events.userUpdated];
/** The most the inbound stream holds (1 GiB: millions of events waiting for a consumer). */
const INBOUND_MAX_BYTES = 1024 ** 3;
/** Re-publishing the same message id within this window is deduplicated by JetStream. */
const DUPLICATE_WINDOW_SECONDS = 300;
const STREAM_CONFIG = {
  name: EVENT_STREAM,
  description: STREAM_DESCRIPTION,
  subjects: [Subjects.events.all],
  max_age: RETENTION_SECONDS * NANOS_PER_SECOND,
  duplicate_window: DUPLICATE_WINDOW_SECONDS * NANOS_PER_SECOND,
};
/**
 * The stream of what integrators publish (the inbound subjects only): a work queue, so a message
 * is deleted once its consumer acknowledged it (profile changes carry profile fields, which must
 * not outlive their use), deduplicated by the publisher's Nats-Msg-Id in the same window as the
 * events, and bounded: input the product does not control must not fill the disk the event
 * stream lives on, so past the bound a publish is refused (a JetStream publisher is told) rather
 * than older input dropped. Its consumers create it when it is missing.
 */
const INBOUND_STREAM_CONFIG = {
  name: INBOUND_STREAM,
  description: 'events integrators publish for the recommender to learn from',
  subjects: [Subjects.inbound.interaction, Subjects.inbound.profile, Subjects.inbound.signal],
  retention: RetentionPolicy.Workqueue,
  discard: DiscardPolicy.New,
  max_bytes: INBOUND_MAX_BYTES,
  max_age: RETENTION_SECONDS * NANOS_PER_SECOND,
  duplicate_window: DUPLICATE_WINDOW_SECONDS * NANOS_PER_SECOND,
};
const INBOUND_SOURCE: ConsumerSource = { ...EVENT_SOURCE, stream: INBOUND_STREAM };

/** Whether a filter follows inbound events (INBOUND_STREAM) rather than the product's own. */
const isInbound = (filter: EventFilter): boolean => filter.startsWith('inbound.');

/**
 * The JetStream stream of events (EVENT_STREAM), over the process's one NATS connection: the
 * outbox relay publishes to it, and every consumer in the process follows it through `consume`,
 * typed by its filter, whether it is a durable consumer its service's replicas share or one
 * of its own (Delivery).
 */
@Injectable()
export class EventStream implements BeforeApplicationShutdown {
  private readonly consumers: Pick<EventConsumer<EventFilter>, 'stop'>[] = [];
  private client: JetStreamClient | null = null;
  private streamReady: Promise<void> | null = null;
  private streamFound: Promise<void> | null = null;
  private counters: ConsumerCounters = UNCOUNTED;
  /** Each durable consumer of the process, with the stream it reads. */
  private readonly durables = new Map<string, string>();
  private inboundFound: Promise<void> | null = null;

  /** Where this process's durable consumers record the events they give up on. */
  readonly deadLetters: DeadLetterQueue;

  constructor(
    private readonly nats: SharedNatsConnection,
    private readonly redelivery: RedeliveryPolicy = DEFAULT_REDELIVERY,
  ) {
    this.deadLetters = new DeadLetterQueue(() => this.nats.get());
  }

  /** Exports the consumers' metrics (consumer-metrics.ts) in the process's registry. */
  instrument(metrics: LatencyMetrics): void {
    this.counters = consumerMetrics(
      metrics,
      () => [...this.durables.keys()],
      async (durable) => {
        const jsm = await jetstreamManager(await this.nats.get(), { timeout: 1000 });
        const info = await jsm.consumers.info(this.durables.get(durable) ?? EVENT_STREAM, durable);
        return { undelivered: info.num_pending, unacknowledged: info.num_ack_pending };
      },
    );
  }

  /**
   * Follows `filter` (an event subject, or a filter of several such as Subjects.events.anyUser;
   * an inbound subject reads the inbound stream), handing each event to `handler` as
   * `{ subject, payload }` typed by the filter. Resolves
   * once events flow; until then it tries again in the background (NATS or JetStream down).
   * Consumers stop before the app shuts down.
   */
  consume<F extends EventFilter>(filter: F, delivery: Delivery, handler: EventHandler<F>): Promise<void> {
    const counters = {
      refused: (subject: string) => this.counters.refused(subject),
      failed: (consumer: string, subject: string) => this.counters.failed(consumer, subject),
      redelivered: (consumer: string) => this.counters.redelivered(consumer),
      deadLettered: (consumer: string) => this.counters.deadLettered(consumer),
    };
    const connection = () => this.nats.get();
    const inbound = isInbound(filter);
    const source = inbound ? INBOUND_SOURCE : EVENT_SOURCE;
    const streamExists = inbound ? () => this.inboundStreamExists() : () => this.streamExists();
    if (delivery === 'every-instance') {
      return this.started(new EventConsumer(connection, streamExists, filter, delivery, handler, counters, source));
    }
    const deadLettering = { queue: this.deadLetters, durable: delivery.durable };
    this.durables.set(delivery.durable, source.stream);
    // Its dead letters an admin replays come back through a consumer of their own, to the same handler.
    const replays: ConsumerSource = {
      stream: DEAD_LETTER_STREAM,
      subjectOf: (msg) => msg.headers?.get(DEAD_LETTER_HEADERS.subject) ?? '',
      accepts: (subject) => subjectMatches(subject, filter),
    };
    void this.started(
      new EventConsumer(
        connection,
        () => this.deadLetters.ensureStream(),
        Subjects.deadLetters.replay(delivery.durable) as unknown as F,
        { durable: replayConsumerOf(delivery.durable) },
        handler,
        counters,
        replays,
        deadLettering,
        this.redelivery,
      ),
    );
    return this.started(
      new EventConsumer(
        connection,
        streamExists,
        filter,
        delivery,
        handler,
        counters,
        source,
        deadLettering,
        this.redelivery,
      ),
    );
  }

  private started<F extends EventFilter>(consumer: EventConsumer<F>): Promise<void> {
    this.consumers.push(consumer);
    return consumer.start();
  }

  /**
   * Creates or updates the event stream, once per process; idempotent, safe from every replica.
   * For the services that publish to it (their outbox relay): its settings are theirs to change.
   */
  ensureStream(): Promise<void> {
    this.streamReady ??= this.createOrUpdateStream().catch((err: Error) => {
      this.streamReady = null;
      throw err;
    });
    return this.streamReady;
  }

  /**
   * For consumers: the stream exists, created with the same settings if it does not yet, but
   * never updated, so a service that only reads needs no right to change the stream (retention,
   * subjects) on the bus.
   */
  private streamExists(): Promise<void> {
    this.streamFound ??= this.findOrCreateStream().catch((err: Error) => {
      this.streamFound = null;
      throw err;
    });
    return this.streamFound;
  }

  /** Publishes one event; `messageId` makes a retried publish a no-op, `requestId` names the request that caused it. */
  async publish<S extends EventSubject>(event: EventOf<S>, messageId: string, requestId?: string | null) {
    this.client ??= jetstream(await this.nats.get());
    const h = natsHeaders();
    if (requestId) h.set(REQUEST_ID_HEADER, requestId);
    await this.client.publish(event.subject, JSON.stringify(event.payload), { msgID: messageId, headers: h });
  }

  /** Is the JetStream API reachable? (for health checks) */
  async isUp(): Promise<boolean> {
    try {
      const jsm = await jetstreamManager(await this.nats.get(), { timeout: 1000 });
      await jsm.getAccountInfo();
      return true;
    } catch {
      return false;
    }
  }

  /** The stream's last sequence number now (0 when empty). */
  async lastSequence(): Promise<number> {
    const jsm = await jetstreamManager(await this.nats.get());
    return (await jsm.streams.info(EVENT_STREAM)).state.last_seq;
  }

  /**
   * Whether the durable consumer `durable` has applied (acknowledged) every event of its
   * filter up to stream sequence `seq`: nothing left to deliver or to acknowledge, or its
   * acknowledgement floor at or past `seq`.
   */
  async appliedUpTo(durable: string, seq: number): Promise<boolean> {
    const jsm = await jetstreamManager(await this.nats.get());
    const info = await jsm.consumers.info(EVENT_STREAM, durable);
    return (info.num_pending === 0 && info.num_ack_pending === 0) || info.ack_floor.stream_seq >= seq;
  }

  /**
   * Stops every consumer before the app's shutdown hooks run: their handlers use the
   * database and Redis, which those hooks close. (This module's own hooks run last.)
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }

  private async createOrUpdateStream(): Promise<void> {
    const jsm = await jetstreamManager(await this.nats.get());
    const existing = await findOrAddStream(jsm, STREAM_CONFIG);
    if (!existing) return;
    if (existing.config.description !== STREAM_DESCRIPTION)
      // Profiles published by an earlier version (see STREAM_DESCRIPTION); before the update marks it done.
      for (const filter of LEGACY_PROFILE_SUBJECTS) await jsm.streams.purge(EVENT_STREAM, { filter });
    await jsm.streams.update(EVENT_STREAM, STREAM_CONFIG);
  }

  private async findOrCreateStream(): Promise<void> {
    await findOrAddStream(await jetstreamManager(await this.nats.get()), STREAM_CONFIG);
  }

  /** The inbound stream exists (created by the first of its consumers to start). */
  private inboundStreamExists(): Promise<void> {
    this.inboundFound ??= this.nats
      .get()
      .then((nc) => jetstreamManager(nc))
      .then((jsm) => findOrAddStream(jsm, INBOUND_STREAM_CONFIG))
      .then(() => undefined)
      .catch((err: Error) => {
        this.inboundFound = null;
        throw err;
      });
    return this.inboundFound;
  }
}
