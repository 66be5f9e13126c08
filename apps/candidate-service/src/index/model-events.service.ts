import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, type JsMsg } from '@nats-io/jetstream';
import { JetStreamService, type ServiceConfig } from '@app/common';
import { EVENT_STREAM, EventSubjects, type EventPayload } from '@app/contracts';
import { SERVICE_CONFIG } from '../config/candidate-config';
import { ProfilesService } from '../profiles/profiles.service';
import { ModelStore } from './model-store.service';

const RETRY_MS = 5000;

type UserEvent = EventPayload<'events.user.created' | 'events.user.updated' | 'events.user.deleted'>;

/**
 * Feeds model activations and user deletions to this instance's ModelStore, and every user
 * change (and bulk import) to its ProfilesService.
 *
 * Every replica holds its own index and profile table, so every replica must see every such event: a shared
 * durable consumer (JetStreamService.consume) would hand each event to one replica only. Each
 * instance therefore reads the stream through its own ordered consumer: ephemeral (the server
 * forgets it when the instance goes away), no acks, and the client recreates it from the last
 * sequence it saw after a reconnect, so a network blip loses nothing. It starts at "new"
 * messages because the instance reads the registry and the profiles itself once subscribed
 * (ModelStore.refresh, ProfilesService.reload), and a deleted user absent from `users` is
 * dropped at load. Core NATS subscriptions would also reach
 * every instance, but would silently miss events published while this connection is down.
 */
@Injectable()
export class ModelEvents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ModelEvents.name);
  private connection: NatsConnection | null = null;
  private stopped = false;

  constructor(
    private readonly store: ModelStore,
    private readonly profiles: ProfilesService,
    private readonly events: JetStreamService,
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.start();
  }

  private async start(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.events.ensureStream();
        this.connection = await connect({ servers: this.config.natsServers, name: `candidate-service-${this.config.SERVICE_INSTANCE}-model-events`, maxReconnectAttempts: -1 });
        await this.follow(EventSubjects.modelActivated, (p: EventPayload<'events.model.activated'>) => {
          if (p.kind === 'embeddings') void this.store.refresh(`activation of version ${p.version}`);
        });
        await this.follow('events.user.*', (p: UserEvent, subject) => {
          if (subject === EventSubjects.userDeleted) {
            const id = (p as EventPayload<'events.user.deleted'>).user_id;
            this.profiles.remove(id);
            this.store.removeUser(id);
          } else this.profiles.upsert((p as EventPayload<'events.user.updated'>).user);
        });
        // A bulk import writes users with COPY and announces itself once, not per user.
        await this.follow(EventSubjects.bulkImported, () => void this.profiles.reload('bulk import'));
        // Anything changed between the start-up reads and the consumers' creation is caught here.
        void this.store.refresh('events subscribed');
        void this.profiles.reload('events subscribed');
        return;
      } catch (err) {
        this.logger.warn(`cannot follow model events yet, retrying in ${RETRY_MS} ms: ${(err as Error).message}`);
        await this.connection?.close().catch(() => undefined);
        this.connection = null;
        await new Promise((r) => setTimeout(r, RETRY_MS));
      }
    }
  }

  private async follow<T>(subject: string, handle: (payload: T, subject: string) => void): Promise<void> {
    const consumer = await jetstream(this.connection!).consumers.get(EVENT_STREAM, { filter_subjects: subject, deliver_policy: DeliverPolicy.New });
    const messages = await consumer.consume();
    void (async () => {
      for await (const msg of messages as AsyncIterable<JsMsg>) {
        try {
          handle(msg.json<T>(), msg.subject);
        } catch (err) {
          this.logger.error(`event ${msg.subject} #${msg.seq} could not be handled: ${(err as Error).message}`);
        }
      }
    })();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.connection?.drain().catch(() => undefined);
  }
}
