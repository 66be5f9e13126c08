import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InstanceEvents, JetStreamService, ProfileMirror, type ServiceConfig } from '@app/common';
import { Subjects, type EventPayload } from '@app/contracts';
import { SERVICE_CONFIG } from '../config/candidate-config';
import { ModelStore } from './model-store.service';

/**
 * Feeds model activations and user deletions to this instance's ModelStore. Every replica
 * holds its own index, so every replica must see every such event (InstanceEvents: a
 * per-instance ordered consumer). Deletions come through the profile mirror, which follows
 * the user events anyway.
 */
@Injectable()
export class ModelEvents implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly events: InstanceEvents;

  constructor(
    private readonly store: ModelStore,
    private readonly profiles: ProfileMirror,
    js: JetStreamService,
    @Inject(SERVICE_CONFIG) config: ServiceConfig,
  ) {
    this.events = new InstanceEvents(`candidate-service-${config.SERVICE_INSTANCE}-model-events`, config.natsServers, () => js.ensureStream());
  }

  onApplicationBootstrap(): void {
    this.profiles.onRemoved((id) => this.store.removeUser(id));
    this.events.start(
      [
        {
          subject: Subjects.events.modelActivated,
          handle: (p) => {
            const { kind, version } = p as EventPayload<'events.model.activated'>;
            if (kind === 'embeddings') void this.store.refresh(`activation of version ${version}`);
          },
        },
      ],
      // Anything activated between the start-up read and the subscription is caught here.
      () => void this.store.refresh('events subscribed'),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.events.stop();
  }
}
