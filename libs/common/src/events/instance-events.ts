import { Logger } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { DeliverPolicy, jetstream, type JsMsg } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { EVENT_STREAM } from '@app/contracts';

const RETRY_MS = 5000;

export interface EventFollow {
  /** One subject (a wildcard is fine): nats-server 2.9 has no multi-subject filters. */
  subject: string;
  handle: (payload: unknown, subject: string) => void;
}

/**
 * Events that EVERY instance of a service must see, because each holds its own copy of
 * something (an index, a profile table). A shared durable consumer would hand each event to one
 * replica only, so each instance reads the stream through its own ordered consumers:
 * ephemeral (the server forgets them when the instance goes), no acks, and the client
 * recreates them from the last sequence seen after a reconnect, so a network blip loses
 * nothing. They start at "new" messages: the owner reads its state itself once subscribed
 * (`onSubscribed`), which covers everything before. Core NATS subscriptions would also reach
 * every instance, but would silently miss events published while the connection is down.
 */
export class InstanceEvents {
  private readonly logger: Logger;
  private connection: NatsConnection | null = null;
  private stopped = false;

  constructor(
    private readonly name: string,
    private readonly servers: string[],
    private readonly ensureStream: () => Promise<void>,
  ) {
    this.logger = new Logger(`InstanceEvents:${name}`);
  }

  /** Subscribes in the background, retrying until it can; then calls `onSubscribed`. */
  start(follows: EventFollow[], onSubscribed: () => void): void {
    void this.run(follows, onSubscribed);
  }

  private async run(follows: EventFollow[], onSubscribed: () => void): Promise<void> {
    while (!this.stopped) {
      try {
        await this.ensureStream();
        this.connection = await connect({ servers: this.servers, name: this.name, maxReconnectAttempts: -1 });
        for (const f of follows) await this.follow(f);
        onSubscribed();
        return;
      } catch (err) {
        this.logger.warn(`cannot follow ${follows.map((f) => f.subject).join(', ')} yet, retrying in ${RETRY_MS} ms: ${(err as Error).message}`);
        await this.connection?.close().catch(() => undefined);
        this.connection = null;
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  private async follow(f: EventFollow): Promise<void> {
    const consumer = await jetstream(this.connection!).consumers.get(EVENT_STREAM, { filter_subjects: f.subject, deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume();
    void (async () => {
      for await (const msg of messages as AsyncIterable<JsMsg>) {
        try {
          f.handle(msg.json(), msg.subject);
        } catch (err) {
          this.logger.error(`event ${msg.subject} #${msg.seq} could not be handled: ${(err as Error).message}`);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connection?.drain().catch(() => undefined);
  }
}
