import type { ConnectionOptions, TlsOptions } from '@nats-io/nats-core';
import { busInboxPrefix, type BusUser } from '@app/contracts';
import type { ServiceConfig } from '../config/service-config';

/** How an app connects to NATS: where, as whom, and over what. Pure (no Nest), so unit-tested. */
export interface NatsConnectionOptions {
  servers: string[];
  /** The connection's name as nats-server lists it: `<app>-<instance>`. */
  name: string;
  /** Replies come to inboxes under this prefix, the only ones the app's NATS user may read. */
  inboxPrefix: string;
  /** Absent: anonymous, which only a NATS without authentication accepts. */
  credentials?: { user: string; pass: string };
  /** Set: TLS is required (a server without it is refused), with these files. */
  tls?: TlsOptions;
}

/** The connection options of bus user `user` from its config, named after its app (`app`, the user by default). */
export function natsConnectionOptions(user: BusUser, config: ServiceConfig, app: string = user): NatsConnectionOptions {
  const servers = config.natsServers;
  const tlsFiles = {
    ...(config.NATS_TLS_CA ? { caFile: config.NATS_TLS_CA } : {}),
    ...(config.NATS_TLS_CERT ? { certFile: config.NATS_TLS_CERT } : {}),
    ...(config.NATS_TLS_KEY ? { keyFile: config.NATS_TLS_KEY } : {}),
  };
  const tlsWanted = Object.keys(tlsFiles).length > 0 || servers.some((s) => s.startsWith('tls://'));
  return {
    servers,
    name: `${app}-${config.SERVICE_INSTANCE}`,
    inboxPrefix: busInboxPrefix(user),
    ...(config.NATS_USER !== undefined && config.NATS_PASSWORD !== undefined
      ? { credentials: { user: config.NATS_USER, pass: config.NATS_PASSWORD } }
      : {}),
    ...(tlsWanted ? { tls: tlsFiles } : {}),
  };
}

/** What nats.js's connect() takes for these options. */
export function toConnectOptions(options: NatsConnectionOptions): ConnectionOptions {
  return {
    servers: options.servers,
    name: options.name,
    inboxPrefix: options.inboxPrefix,
    ...(options.credentials ? { user: options.credentials.user, pass: options.credentials.pass } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
    maxReconnectAttempts: -1,
    // An Error (with its stack) per request only to enrich a failure's trace: not worth it here.
    noAsyncTraces: true,
  };
}

/** The servers, as logs may show them: without any user or password a URL carries. */
export function serversForLog(servers: readonly string[]): string {
  return servers.map((s) => s.replace(/^([a-z]+:\/\/)[^@/]*@/i, '$1')).join(',');
}

/**
 * The boot warning of an app that connects without credentials, or null when it has some.
 * One line: what it means, and that production refuses it unless explicitly allowed.
 */
export function anonymousNatsWarning(config: ServiceConfig): string | null {
  if (config.NATS_USER !== undefined) return null;
  return (
    'NATS: no credentials (NATS_USER/NATS_PASSWORD), connecting anonymously. Only a NATS without ' +
    'authentication accepts this, and on it any client may call every service and publish any event: ' +
    'fine on a development machine; production refuses it unless ALLOW_UNAUTHENTICATED_NATS=true'
  );
}
