import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager, type JetStreamClient, type JsMsg } from '@nats-io/jetstream';
import { EVENT_STREAM, REQUEST_ID_HEADER, Subjects, type EventPayload, type EventSubject } from '@app/contracts';

const NANOS_PER_SECOND = 1_000_000_000;
/** Events are kept a week: long enough for any consumer outage we plan for. */
const RETENTION_SECONDS = 7 * 24 * 3600;
/** Re-publishing the same message id within this window is deduplicated by JetStream. */
const DUPLICATE_WINDOW_SECONDS = 300;

/** Handler of one durable consumer; throwing makes JetStream redeliver the event later. */
export type EventHandler = (subject: EventSubject, payload: unknown) => Promise<void>;

/** Publishes events to, and consumes them durably from, the JetStream event stream. */
@Injectable()
export class JetStreamService implements OnApplicationShutdown {
  private readonly logger = new Logger(JetStreamService.name);
  private connection: Promise<NatsConnection> | null = null;
  private client: JetStreamClient | null = null;
  private stopping = false;

  constructor(
    private readonly servers: string[],
    private readonly name: string,
  ) {}

  private async nc(): Promise<NatsConnection> {
    this.connection ??= connect({ servers: this.servers, name: `${this.name}-jetstream`, maxReconnectAttempts: -1 });
    return this.connection;
  }

  /** Creates or updates the event stream; idempotent, safe from every replica. */
  async ensureStream(): Promise<void> {
    const jsm = await jetstreamManager(await this.nc());
    const config = {
      name: EVENT_STREAM,
      subjects: [Subjects.events.all],
      max_age: RETENTION_SECONDS * NANOS_PER_SECOND,
      duplicate_window: DUPLICATE_WINDOW_SECONDS * NANOS_PER_SECOND,
    };
    try {
      await jsm.streams.info(EVENT_STREAM);
      await jsm.streams.update(EVENT_STREAM, config);
    } catch {
      await jsm.streams.add(config);
    }
  }

  /** Publishes one event; `messageId` makes a retried publish a no-op. */
  async publish<S extends EventSubject>(subject: S, payload: EventPayload<S>, messageId: string, requestId?: string | null): Promise<void> {
    this.client ??= jetstream(await this.nc());
    const h = natsHeaders();
    if (requestId) h.set(REQUEST_ID_HEADER, requestId);
    await this.client.publish(subject, JSON.stringify(payload), { msgID: messageId, headers: h });
  }

  /** Round trip to the NATS server in ms (throws when unreachable). */
  async roundTripMs(): Promise<number> {
    const nc = await this.nc();
    return nc.rtt();
  }

  /** Is the JetStream API reachable? (for health checks) */
  async isUp(): Promise<boolean> {
    try {
      const jsm = await jetstreamManager(await this.nc(), { timeout: 1000 });
      await jsm.getAccountInfo();
      return true;
    } catch {
      return false;
    }
  }

  /** The stream's last sequence number now (0 when empty). */
  async lastSequence(): Promise<number> {
    const jsm = await jetstreamManager(await this.nc());
    return (await jsm.streams.info(EVENT_STREAM)).state.last_seq;
  }

  /**
   * Whether the durable consumer `durable` has applied (acknowledged) every event of its
   * subject up to stream sequence `seq`: nothing left to deliver or to acknowledge, or its
   * acknowledgement floor at or past `seq`.
   */
  async appliedUpTo(durable: string, seq: number): Promise<boolean> {
    const jsm = await jetstreamManager(await this.nc());
    const info = await jsm.consumers.info(EVENT_STREAM, durable);
    return (info.num_pending === 0 && info.num_ack_pending === 0) || info.ack_floor.stream_seq >= seq;
  }

  /**
   * Consumes `subject` (may end in a wildcard, e.g. `events.user.*`) with the durable consumer
   * `durable` (one per service and purpose, shared by its replicas), acknowledging an event only
   * after `handler` succeeded. One filter subject per consumer: Debian's nats-server (2.9) has
   * no multi-subject filters.
   */
  async consume(durable: string, subject: string, handler: EventHandler): Promise<void> {
    const nc = await this.nc();
    await this.ensureStream();
    const jsm = await jetstreamManager(nc);
    const config = { durable_name: durable, ack_policy: AckPolicy.Explicit, deliver_policy: DeliverPolicy.All, filter_subject: subject, ack_wait: 30 * NANOS_PER_SECOND, max_deliver: -1 };
    try {
      await jsm.consumers.info(EVENT_STREAM, durable);
      await jsm.consumers.update(EVENT_STREAM, durable, { filter_subject: subject, ack_wait: config.ack_wait });
    } catch {
      await jsm.consumers.add(EVENT_STREAM, config);
    }
    const consumer = await jetstream(nc).consumers.get(EVENT_STREAM, durable);
    const messages = await consumer.consume({ max_messages: 256 });
    void (async () => {
      for await (const msg of messages) {
        if (this.stopping) break;
        await this.handle(msg, handler);
      }
    })();
  }

  private async handle(msg: JsMsg, handler: EventHandler): Promise<void> {
    try {
      await handler(msg.subject as EventSubject, msg.json());
      msg.ack();
    } catch (err) {
      // The id of the request that caused the event (the outbox relay sets it; events have none otherwise).
      const requestId = msg.headers?.get(REQUEST_ID_HEADER) || undefined;
      this.logger.error({ msg: `event ${msg.subject} #${msg.seq} failed, will be redelivered: ${(err as Error).message}`, request_id: requestId });
      msg.nak(2000);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    if (this.connection) await (await this.connection).drain().catch(() => undefined);
  }
}
