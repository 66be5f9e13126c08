import { Logger } from '@nestjs/common';
import { connect } from '@nats-io/transport-node';
import type { NatsConnection, Subscription } from '@nats-io/nats-core';
import type { DataSource } from 'typeorm';
import { ModelVersionsRepository } from '@app/db/repositories/model-versions.repository';
import { Subjects, type ModelKind } from '@app/contracts';

/** How often the registry is re-read, in case an activation event was missed (NATS was down). */
const POLL_MS = 30_000;

/**
 * The active version of one model kind, loaded at start and swapped on activation.
 *
 * Activation events arrive on a plain NATS subscription, not a durable JetStream consumer: a
 * durable consumer hands each event to ONE replica of the service, and every replica must swap.
 * A poll of the registry catches anything missed while disconnected. Requests keep using the
 * previous model until the new one is fully parsed, so a swap never drops or fails a request.
 */
export class ActiveModel<T> {
  private readonly logger: Logger;
  private current: { version: number; model: T } | null = null;
  private nc: NatsConnection | null = null;
  private sub: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loading: Promise<void> | null = null;
  private readonly versions: ModelVersionsRepository;

  constructor(
    private readonly kind: ModelKind,
    ds: DataSource,
    private readonly parse: (artifact: Buffer) => T,
  ) {
    this.logger = new Logger(`ActiveModel(${kind})`);
    this.versions = new ModelVersionsRepository(ds.manager);
  }

  /** The model in use and its version, or null while none has been activated. */
  get(): { version: number; model: T } | null {
    return this.current;
  }

  /** Loads the active version, then follows activations (events and polling). */
  async start(natsServers: string[]): Promise<void> {
    await this.refresh();
    const nc = await connect({ servers: natsServers, name: `model-watch-${this.kind}-${process.pid}`, maxReconnectAttempts: -1 });
    const sub = nc.subscribe(Subjects.events.modelActivated);
    this.nc = nc;
    this.sub = sub;
    void (async () => {
      for await (const msg of sub) {
        let kind: unknown;
        try {
          kind = msg.json<{ kind: string; version: number }>().kind;
        } catch {
          continue; // not JSON: not an activation we understand
        }
        if (kind === this.kind) await this.refresh();
      }
    })();
    this.timer = setInterval(() => void this.refresh(), POLL_MS);
    this.timer.unref();
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
        if (this.current) this.logger.warn(`no active ${this.kind} version any more; keeping version ${this.current.version}`);
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

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.sub?.unsubscribe();
    if (this.nc) await this.nc.drain().catch(() => undefined);
  }
}
