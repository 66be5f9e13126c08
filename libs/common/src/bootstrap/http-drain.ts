import type { Server } from 'node:http';
import type { INestApplication, LoggerService } from '@nestjs/common';

/** How long a stopping HTTP app waits for the requests it has accepted. */
export const HTTP_DRAIN_MS = 20_000;

/**
 * Stops an HTTP app without dropping a request it has accepted: on SIGTERM or SIGINT it stops
 * accepting connections (and closes the idle keep-alive ones), waits for the requests in flight
 * to be answered (at most HTTP_DRAIN_MS), then closes the app (its NATS connection last) and
 * exits. Nest's own shutdown hooks close the app, NATS included, while requests are still being
 * answered, and their connections are reset. In Kubernetes the pod's pre-stop pause comes first,
 * so the load balancer has stopped sending new requests by then. `then` runs after the app is
 * closed, before the exit: with every app in one process, it closes the services.
 */
export function drainOnSignals(
  app: INestApplication,
  logger: LoggerService,
  { drainMs = HTTP_DRAIN_MS, then }: { drainMs?: number; then?: () => Promise<unknown> } = {},
): void {
  const server = app.getHttpServer() as Server;
  let inFlight = 0;
  let idle: (() => void) | null = null;
  server.on('request', (_req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
  });
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: no new connections; answering the ${inFlight} requests in flight`, 'Shutdown');
    server.close();
    server.closeIdleConnections();
    if (inFlight > 0)
      await new Promise<void>((resolve) => {
        idle = resolve;
        setTimeout(resolve, drainMs).unref();
      });
    // What is still open after the drain (a client that never finishes its body) is cut: the
    // platform's own close would wait for it without end, and the process would never exit.
    server.closeAllConnections();
    await app.close();
    await then?.();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, (s) => void stop(s));
}
