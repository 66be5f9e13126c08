import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import type { ModelKind } from '@app/contracts';
import { ModelVersionsRepository } from '@app/db/repositories/model-versions.repository';
import { EventStream } from '../events/event-stream';
import { followActivations } from './model-activations';

/** How often the registry is re-read, in case an activation event was missed. */
const POLL_MS = 30_000;

/**
 * The active version of one model kind, loaded before the service serves and swapped on each
 * activation (followActivations). Requests keep using the previous model until the new one is
 * fully parsed, so a swap never drops or fails a request.
 */
export class ActiveModel<T> implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger: Logger;
  private current: { version: number; model: T } | null = null;
  private loading: Promise<void> | null = null;
  private stopPolling: (() => void) | null = null;

  constructor(
    private readonly kind: ModelKind,
    private readonly versions: ModelVersionsRepository,
    private readonly events: EventStream,
    private readonly parse: (artifact: Buffer) => T,
  ) {
    this.logger = new Logger(`ActiveModel(${kind})`);
  }

  /** The model in use and its version, or null while none has been activated. */
  get(): { version: number; model: T } | null {
    return this.current;
  }

  /** Loads the active version (Nest awaits it before the service listens), then follows activations. */
  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    this.stopPolling = followActivations(this.events, this.kind, POLL_MS, () => void this.refresh());
  }

  onApplicationShutdown(): void {
    this.stopPolling?.();
  }

  /** Re-reads the registry; loads the artifact only when the active version changed. Never throws. */
  refresh(): Promise<void> {
    // Concurrent triggers (event + poll) share one load.
    this.loading ??= this.load().finally(() => (this.loading = null));
    return this.loading;
  }

  private async load(): Promise<void> {
    try {
      const version = await this.versions.activeVersion(this.kind);
      if (version === null) {
        if (this.current)
          this.logger.warn(`no active ${this.kind} version any more; keeping version ${this.current.version}`);
        return;
      }
      if (this.current?.version === version) return;
      const artifact = await this.versions.artifactOf(this.kind, version);
      if (!artifact) throw new Error(`version ${version} has no artifact`);
      const started = Date.now();
      const model = this.parse(artifact);
      this.current = { version, model };
      this.logger.log(`loaded ${this.kind} version ${version} in ${Date.now() - started} ms`);
    } catch (err) {
      // A broken artifact must not take the service down: keep serving with what we have.
      this.logger.error(`could not load the active ${this.kind}: ${(err as Error).message}`);
    }
  }
}

/** The ActiveModel of a service serving with the active `kind` (needs the database and MessagingModule). */
export function activeModelProvider<T>(kind: ModelKind, parse: (artifact: Buffer) => T): Provider {
  return {
    provide: ActiveModel,
    inject: [ModelVersionsRepository, EventStream],
    useFactory: (versions: ModelVersionsRepository, events: EventStream) =>
      new ActiveModel(kind, versions, events, parse),
  };
}
