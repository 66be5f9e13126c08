import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { ProfilesRepository } from '@app/db/repositories/profiles.repository';
import type { ServiceConfig } from '../config/service-config';
import { JetStreamService } from '../events/jetstream.service';
import { ProfileMirror } from './profile-mirror';

/** Starts the mirror before the service listens (Nest awaits bootstrap hooks), stops it at shutdown. */
@Injectable()
export class ProfileMirrorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly mirror: ProfileMirror) {}

  onApplicationBootstrap(): Promise<void> {
    return this.mirror.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.mirror.stop();
  }
}

/** A service's ProfileMirror, started with the service (needs the data-service imports: the database, events). */
export function profileMirrorProviders(service: string, config: ServiceConfig, reloadMs: number): Provider[] {
  return [
    {
      provide: ProfileMirror,
      inject: [ProfilesRepository, JetStreamService],
      useFactory: (profiles: ProfilesRepository, js: JetStreamService) =>
        new ProfileMirror(profiles, {
          name: `${service}-${config.SERVICE_INSTANCE}-profiles`,
          natsServers: config.natsServers,
          ensureStream: () => js.ensureStream(),
          reloadMs,
        }),
    },
    ProfileMirrorLifecycle,
  ];
}
