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

const NANOS_PER_SECOND = 1_000_000_000;
/** A consumer that cannot be set up yet (NATS or JetStream unreachable) is tried again this often. */
const RETRY_MS = 5000;
/** A durable consumer's event not acknowledged within this time is delivered again. */
const ACK_WAIT_SECONDS = 30;
/** An event whose handler failed is delivered again after this delay. */
const REDELIVERY_DELAY_MS = 2000;
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
  ) {
    this.name = delivery === 'every-instance' ? `${filter}, every instance` : delivery.durable;
    this.logger = new Logger(`Events(${this.name})`);
  }

  /** Resolves once the consumer receives events, trying again every RETRY_MS until then (or until stopped). */
  async start(): Promise<void> {
    while (!this.stopped) {
      try {
        const messages = await this.open();
        this.messages = messages;
        if (this.stopped) await this.stop();
        else void this.deliver(messages);
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

  private async open(): Promise<ConsumerMessages> {
    const nc = await this.connection();
    await this.ensureStream();
    const js = jetstream(nc);
    if (this.delivery === 'every-instance') {
      const ordered = { filter_subjects: this.filter, deliver_policy: DeliverPolicy.New };
      return (await js.consumers.get(EVENT_STREAM, ordered)).consume();
    }
    const durable = this.delivery.durable;
    const jsm = await jetstreamManager(nc);
    const ackWait = ACK_WAIT_SECONDS * NANOS_PER_SECOND;
    // One filter subject per consumer: Debian's nats-server (2.9) has no multi-subject filters.
    try {
      await jsm.consumers.info(EVENT_STREAM, durable);
      await jsm.consumers.update(EVENT_STREAM, durable, { filter_subject: this.filter, ack_wait: ackWait });
    } catch {
      await jsm.consumers.add(EVENT_STREAM, {
        durable_name: durable,
        filter_subject: this.filter,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ack_wait: ackWait,
        max_deliver: -1,
      });
    }
    return (await js.consumers.get(EVENT_STREAM, durable)).consume({ max_messages: PREFETCH });
  }

  private async deliver(messages: ConsumerMessages): Promise<void> {
    const acked = this.delivery !== 'every-instance';
    for await (const msg of messages) {
      if (this.stopped) break;
      if (msg.info.deliveryCount > 1) this.counters.redelivered(this.name);
      const event = this.checked(msg, acked);
      if (!event) continue;
      try {
        await this.handler(event);
        if (acked) msg.ack();
      } catch (err) {
        this.failed(msg, err as Error, acked);
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
    const problems: FieldError[] =
      payload === undefined ? [{ field: 'payload', reasons: ['not valid JSON'] }] : eventProblems(msg.subject, payload);
    // The stream holds only what publishers typed by subject (EventStream.publish), now also checked.
    if (!problems.length) return { subject: msg.subject, payload } as EventOf<SubjectsOf<F>>;
    const fields = problems.map((p) => `${p.field}: ${p.reasons.join(', ')}`).join('; ');
    const line = `event ${msg.subject} #${msg.seq} refused by its schema, ${acked ? 'terminated' : 'skipped'}: ${fields}`;
    this.logger.error({ msg: line, request_id: msg.headers?.get(REQUEST_ID_HEADER) || undefined });
    // No reason given: nats-server 2.9 ignores a "+TERM <reason>" acknowledgement altogether,
    // which would leave the event pending, to be delivered again after ACK_WAIT_SECONDS forever.
    if (acked) msg.term();
    this.counters.refused(msg.subject);
    return null;
  }

  private failed(msg: JsMsg, err: Error, acked: boolean): void {
    // The id of the request that caused the event (the outbox relay sets it; events have none otherwise).
    const requestId = msg.headers?.get(REQUEST_ID_HEADER) || undefined;
    const outcome = acked ? 'will be delivered again' : 'skipped';
    const line = `event ${msg.subject} #${msg.seq} failed, ${outcome}: ${err.message}`;
    this.logger.error({ msg: line, request_id: requestId });
    this.counters.failed(this.name, msg.subject);
    if (acked) msg.nak(REDELIVERY_DELAY_MS);
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
