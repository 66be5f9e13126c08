import { setTimeout as delay } from 'node:timers/promises';
import { Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import {
  AckPolicy,
  type ConsumerMessages,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  type JsMsg,
} from '@nats-io/jetstream';
import {
  EVENT_STREAM,
  REQUEST_ID_HEADER,
  type EventFilter,
  type EventOf,
  type FieldError,
  type SubjectsOf,
} from '@app/contracts';
import { eventProblems } from '../validation/contracts/check-payload';
import { type ConsumerCounters, UNCOUNTED } from './consumer-metrics';
import type { DeadLetterQueue } from './dead-letters';
import { DEFAULT_REDELIVERY, type RedeliveryPolicy } from './redelivery';

const NANOS_PER_SECOND = 1_000_000_000;
/** A consumer that cannot be set up yet (NATS or JetStream unreachable) is tried again this often. */
const RETRY_MS = 5000;
/** A durable consumer's event not acknowledged within this time is delivered again. */
const ACK_WAIT_SECONDS = 30;
const backoffAfter = (p: RedeliveryPolicy, deliveries: number): number =>
  p.backoffMs[Math.min(deliveries, p.backoffMs.length) - 1];
/** Events a durable consumer fetches ahead of its handler. */
const PREFETCH = 256;

/** How a consumer shares the events of its filter with the other replicas of its service. */
export type Delivery =
  /**
   * One durable consumer per service and purpose, shared by the service's replicas: each event
   * is handled once, acknowledged only after its handler succeeded (a throw has it delivered
   * again), and a service that was down catches up. For effects outside the process: Redis
   * counters, the cache, jobs.
   */
  | { durable: string }
  /**
   * Every instance sees every event, from the moment it follows: an ordered consumer of its
   * own, ephemeral (the server forgets it when the instance goes), without acks, recreated by
   * the client from the last sequence it saw after a reconnect, so a network blip loses
   * nothing (a core NATS subscription would). For what each instance holds in memory: a profile
   * table, an index, the active model. It starts at new events, so its owner reads its state
   * itself once the consumer is live, which covers everything before.
   */
  | 'every-instance';

/**
 * Where a consumer reads: the event stream (the default), or, for a durable consumer's replay
 * consumer, the dead-letter stream, whose messages carry their event's subject in a header.
 */
export interface ConsumerSource {
  stream: string;
  /** The subject a message is validated and handled as. */
  subjectOf(msg: JsMsg): string;
  /** Whether that subject is one this consumer's handler takes (a replay's header could say anything). */
  accepts(subject: string): boolean;
}

export const EVENT_SOURCE: ConsumerSource = {
  stream: EVENT_STREAM,
  subjectOf: (msg) => msg.subject,
  // The server delivers only the consumer's filter.
  accepts: () => true,
};

/** What a durable consumer does with an event it gives up on. */
export interface DeadLettering {
  queue: DeadLetterQueue;
  /** The durable consumer it is recorded for (a replay consumer's: the one it replays for). */
  durable: string;
}

/** Handles one event of its consumer's filter, typed by it; for a durable consumer, a throw means "again later". */
export type EventHandler<F extends EventFilter> = (event: EventOf<SubjectsOf<F>>) => void | Promise<void>;

/**
 * One consumer of the event stream: set up (retrying until it can be), then handing each event
 * to its handler once it matched its subject's schema (libs/common/src/validation/contracts).
 * One that does not is never handed over: a durable consumer terminates it (no redelivery, no
 * retry loop), every consumer logs its subject and the fields at fault (never their values)
 * and counts it.
 */
export class EventConsumer<F extends EventFilter> {
  private readonly logger: Logger;
  private messages: ConsumerMessages | null = null;
  private stopped = false;
  private readonly name: string;

  constructor(
    private readonly connection: () => Promise<NatsConnection>,
    private readonly ensureStream: () => Promise<void>,
    private readonly filter: F,
    private readonly delivery: Delivery,
    private readonly handler: EventHandler<F>,
    private readonly counters: ConsumerCounters = UNCOUNTED,
    private readonly source: ConsumerSource = EVENT_SOURCE,
    private readonly deadLetters: DeadLettering | null = null,
    private readonly redelivery: RedeliveryPolicy = DEFAULT_REDELIVERY,
  ) {
    this.name = delivery === 'every-instance' ? `${filter}, every instance` : delivery.durable;
    this.logger = new Logger(`Events(${this.name})`);
  }

  /**
   * Resolves once the consumer receives events, trying again every RETRY_MS until then (or until
   * stopped). Should its messages end while it is not stopped (the consumer was deleted on the
   * server, the stream recreated), it starts again, which recreates the consumer.
   */
  async start(): Promise<void> {
    while (!this.stopped) {
      try {
        const messages = await this.open();
        this.messages = messages;
        if (this.stopped) await this.stop();
        else
          void this.deliver(messages)
            .catch((err: Error) => this.logger.warn(`stopped receiving: ${err.message}`))
            .then(() => this.restartUnlessStopped());
        return;
      } catch (err) {
        this.logger.warn(`cannot follow ${this.filter} yet, retrying in ${RETRY_MS} ms: ${(err as Error).message}`);
        await delay(RETRY_MS);
      }
    }
  }

  /** Hands no more events to the handler (one being handled finishes). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close().catch(() => undefined);
  }

  private restartUnlessStopped(): void {
    if (this.stopped) return;
    this.logger.warn(`the consumer stopped receiving (deleted on the server?): setting it up again`);
    void this.start();
  }

  private async open(): Promise<ConsumerMessages> {
    const nc = await this.connection();
    await this.ensureStream();
    const js = jetstream(nc);
    if (this.delivery === 'every-instance') {
      const ordered = { filter_subjects: this.filter, deliver_policy: DeliverPolicy.New };
      return (await js.consumers.get(this.source.stream, ordered)).consume();
    }
    const durable = this.delivery.durable;
    const jsm = await jetstreamManager(nc);
    const ackWait = ACK_WAIT_SECONDS * NANOS_PER_SECOND;
    // One filter subject per consumer: Debian's nats-server (2.9) has no multi-subject filters.
    const stream = this.source.stream;
    try {
      await jsm.consumers.info(stream, durable);
      await jsm.consumers.update(stream, durable, { filter_subject: this.filter, ack_wait: ackWait });
    } catch {
      await jsm.consumers.add(stream, {
        durable_name: durable,
        filter_subject: this.filter,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ackWait,
        // Bounded by the consumer itself (MAX_DELIVERIES, then a dead letter), which can say why.
        max_deliver: -1,
      });
    }
    // Aborting when the consumer is gone (rather than waiting for someone to restore it) lets
    // start() create it again.
    return (await js.consumers.get(stream, durable)).consume({
      max_messages: PREFETCH,
      abort_on_missing_resource: true,
    });
  }

  private async deliver(messages: ConsumerMessages): Promise<void> {
    const acked = this.delivery !== 'every-instance';
    for await (const msg of messages) {
      if (this.stopped) break;
      const deliveries = msg.info.deliveryCount;
      if (deliveries > 1) this.counters.redelivered(this.name);
      // Delivered that often without an answer, the handler crashed its process or outlived
      // ack_wait every time: running it again would do the same.
      if (acked && deliveries > this.redelivery.maxDeliveries) {
        await this.giveUp(msg, `delivered ${deliveries - 1} times without being acknowledged`);
        continue;
      }
      const event = this.checked(msg, acked);
      if (!event) continue;
      try {
        await this.handler(event);
        if (acked) msg.ack();
      } catch (err) {
        await this.failed(msg, err as Error, acked);
      }
    }
  }

  /**
   * The message as the event it carries, or null when it is not one: unreadable JSON, or a
   * payload its subject's schema refuses. Such a message would fail the same way on every
   * delivery, so a durable consumer terminates it rather than have it delivered forever.
   */
  private checked(msg: JsMsg, acked: boolean): EventOf<SubjectsOf<F>> | null {
    const payload = jsonOf(msg);
    const subject = this.source.subjectOf(msg);
    const problems: FieldError[] = !this.source.accepts(subject)
      ? [{ field: 'subject', reasons: [`not an event this consumer takes`] }]
      : payload === undefined
        ? [{ field: 'payload', reasons: ['not valid JSON'] }]
        : eventProblems(subject, payload);
    // The stream holds only what publishers typed by subject (EventStream.publish), now also checked.
    if (!problems.length) return { subject, payload } as EventOf<SubjectsOf<F>>;
    const fields = problems.map((p) => `${p.field}: ${p.reasons.join(', ')}`).join('; ');
    const line = `event ${subject} #${msg.seq} refused by its schema, ${acked ? 'terminated' : 'skipped'}: ${fields}`;
    this.logger.error({ msg: line, request_id: msg.headers?.get(REQUEST_ID_HEADER) || undefined });
    // No reason given: nats-server 2.9 ignores a "+TERM <reason>" acknowledgement altogether,
    // which would leave the event pending, to be delivered again after ACK_WAIT_SECONDS forever.
    if (acked) msg.term();
    this.counters.refused(subject);
    return null;
  }

  /**
   * A handler threw. An ordered consumer skips the event (it keeps state it reloads anyway); a
   * durable one has it delivered again after a backoff, and after its last delivery gives up on
   * it: a dead letter for an admin to inspect and replay (RedeliveryPolicy).
   */
  private async failed(msg: JsMsg, err: Error, acked: boolean): Promise<void> {
    this.counters.failed(this.name, this.source.subjectOf(msg));
    const deliveries = msg.info.deliveryCount;
    const max = this.redelivery.maxDeliveries;
    if (acked && deliveries >= max) return this.giveUp(msg, err.message);
    const outcome = acked ? `will be delivered again (delivery ${deliveries} of ${max})` : 'skipped';
    this.log(msg, `failed, ${outcome}: ${err.message}`);
    if (acked) msg.nak(backoffAfter(this.redelivery, deliveries));
  }

  /**
   * Records the event as a dead letter, then terminates it. Should the record fail (JetStream
   * down), the event is delivered again later instead: it is never dropped unrecorded.
   */
  private async giveUp(msg: JsMsg, reason: string): Promise<void> {
    const deadLetters = this.deadLetters;
    if (!deadLetters) {
      this.log(msg, `gave up after ${msg.info.deliveryCount} deliveries, terminated: ${reason}`);
      msg.term();
      return;
    }
    try {
      await deadLetters.queue.record(deadLetters.durable, msg, this.source.subjectOf(msg), reason);
    } catch (err) {
      this.log(msg, `could not be recorded as a dead letter, will be delivered again: ${(err as Error).message}`);
      msg.nak(backoffAfter(this.redelivery, this.redelivery.backoffMs.length));
      return;
    }
    this.counters.deadLettered(this.name);
    this.log(msg, `gave up after ${msg.info.deliveryCount} deliveries, now a dead letter: ${reason}`);
    msg.term();
  }

  private log(msg: JsMsg, what: string): void {
    // The id of the request that caused the event (the outbox relay sets it; events have none otherwise).
    const requestId = msg.headers?.get(REQUEST_ID_HEADER) || undefined;
    this.logger.error({ msg: `event ${this.source.subjectOf(msg)} #${msg.seq} ${what}`, request_id: requestId });
  }
}

/** The message's JSON body, or undefined when it has none. */
function jsonOf(msg: JsMsg): unknown {
  try {
    return msg.json();
  } catch {
    return undefined;
  }
}
