import type { MsgHdrs } from '@nats-io/nats-core';
import { AggregatorRegistry, type Registry } from 'prom-client';

/**
 * A service's handler of one subject, called in the caller's process: the request object as the
 * caller built it (no serialization), its headers (request id, caller role), and how long the
 * caller waits. Resolves with the reply object, or rejects with the handler's ErrorPayload or a
 * timeout, as a NATS reply would.
 */
export type LocalHandler = (data: unknown, headers: MsgHdrs | undefined, timeoutMs: number) => Promise<unknown>;

/**
 * The apps running together in one process (`TARGET=all`), and what they share there:
 * - the services' request handlers, by subject: every RpcClient of the process calls them in
 *   process, through the same Nest pipeline (schema check, latency, error filter) that a NATS
 *   request goes through, with no serialization and no hop;
 * - the Prometheus registries of every app, which the gateway's `GET /metrics` serves as one
 *   exposition (each sample keeps its `service` label; the process metrics are the gateway's
 *   only, since there is one process).
 * Absent from a process that runs one app: there, every call crosses NATS.
 */
export class Colocation {
  private readonly handlers = new Map<string, LocalHandler>();
  private readonly registries: Registry[] = [];

  /** Serves `subject` in process (the last service to register a subject answers it). */
  serve(subject: string, handler: LocalHandler): void {
    this.handlers.set(subject, handler);
  }

  /** The in-process handler of `subject`, if a service of this process answers it. */
  handlerOf(subject: string): LocalHandler | undefined {
    return this.handlers.get(subject);
  }

  /** Subjects answered in process (for the boot log). */
  get subjects(): number {
    return this.handlers.size;
  }

  /** Adds an app's registry to the process's exposition. */
  exportRegistry(registry: Registry): void {
    this.registries.push(registry);
  }

  /** Every app's metrics as one Prometheus text exposition (prom-client's aggregator, as for a cluster). */
  async prometheus(): Promise<string> {
    const all = await Promise.all(this.registries.map((r) => r.getMetricsAsJSON()));
    return AggregatorRegistry.aggregate(all).metrics();
  }
}
