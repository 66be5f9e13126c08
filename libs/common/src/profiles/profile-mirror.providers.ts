import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { ProfilesRepository } from '@app/db/repositories/profiles.repository';
import { EventStream } from '../events/event-stream';
import { ProfileMirror } from './profile-mirror';

/** Starts the mirror before the service listens (Nest awaits bootstrap hooks), stops it at shutdown. */
@Injectable()
export class ProfileMirrorLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly mirror: ProfileMirror) {}

  onApplicationBootstrap(): Promise<void> {
    return this.mirror.start();
  }

  onApplicationShutdown(): void {
    this.mirror.stop();
  }
}

/** A service's ProfileMirror, started with the service (needs the data-service imports and MessagingModule). */
export function profileMirrorProviders(reloadMs: number, sweepMs: number): Provider[] {
  return [
    {
      provide: ProfileMirror,
      inject: [ProfilesRepository, EventStream],
      useFactory: (profiles: ProfilesRepository, events: EventStream) =>
        new ProfileMirror(profiles, events, { reloadMs, sweepMs }),
    },
    ProfileMirrorLifecycle,
  ];
}
