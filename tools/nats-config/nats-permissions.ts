/**
 * The nats-server configuration of the bus, derived from the one table of who may do what
 * (BUS_ACCESS, libs/contracts/src/bus-access.ts). Pure: `npm run nats:config` writes its text to
 * the shipped files, and a unit spec checks that they are what it renders.
 */
import {
  APP_BUS_USERS,
  BUS_ACCESS,
  BUS_USERS,
  busInboxPrefix,
  Subjects,
  busPasswordVariable,
  DEAD_LETTER_STREAM,
  EVENT_STREAM,
  INBOUND_STREAM,
  replayConsumerOf,
  type BusAccess,
  type BusUser,
} from '@app/contracts';

/** Where the rendered configuration is shipped (compose mounts the first; kustomize reads only below itself). */
export const SHIPPED_CONFIG_FILES = [
  'deploy/nats/nats-server.conf',
  'k8s/microservices/nats/nats-server.conf',
] as const;

/** What one NATS user may do, in nats-server's terms. */
export interface UserPermissions {
  /** Subjects it may publish to (requests, events, JetStream API calls and acks). */
  publish: string[];
  /** Subjects it may subscribe to (its handlers' subjects, its reply inboxes). */
  subscribe: string[];
  /** May it reply to the requests it receives (publish once to their reply subjects)? */
  allowResponses: boolean;
}

const API = '$JS.API';
const STREAM = EVENT_STREAM;
/** The stream a durable consumer reads: integrators' events are in a stream of their own. */
const streamOf = (filter: string): string => (filter.startsWith('inbound.') ? INBOUND_STREAM : STREAM);
const DLQ = DEAD_LETTER_STREAM;
/** The apps (not outside integrators): each one's health check asks the JetStream API for the account's info. */
const APPS: readonly BusUser[] = [...APP_BUS_USERS, 'all'];

/**
 * The permissions of `user`, from its row of the table:
 * - requests to the subjects it calls; its events (JetStream publishes are plain publishes);
 * - the JetStream API it uses: the account's info (health) for every app; the stream's info and
 *   creation for a service that publishes or consumes events, its update only for one that
 *   publishes (the stream's settings are the publishers', and its one-time purge of the user
 *   events an earlier version wrote with profiles: event-stream.ts); per durable consumer, creating it
 *   with its filter (the filter is part of the subject, so no other filter is possible), its
 *   info, fetching from it and acknowledging its events; per-instance consumers have generated
 *   names, so for those any name, but only with the service's filters;
 * - per durable consumer, its dead letters: recording them (publishing to its own dead-letter
 *   subject, creating the dead-letter stream if it is not there yet) and following its replays
 *   (a durable consumer of its own replay subject, as above);
 * - for the dead letters' admin (the gateway): reading, deleting and replaying them;
 * - subscriptions to the subjects it answers and to its own reply inboxes only.
 */
export function permissionsOf(user: BusUser, access: BusAccess = BUS_ACCESS[user]): UserPermissions {
  const ownDurables = access.durables.filter(({ filter }) => streamOf(filter) === STREAM);
  const usesStream = access.publishes.length + ownDurables.length + access.everyInstance.length > 0;
  const readsInbound = access.durables.some(({ filter }) => streamOf(filter) === INBOUND_STREAM);
  const publish = [
    ...access.calls,
    ...(access.inbound ?? []),
    ...access.publishes,
    ...(APPS.includes(user) ? [`${API}.INFO`] : []),
    ...(usesStream ? [`${API}.STREAM.INFO.${STREAM}`, `${API}.STREAM.CREATE.${STREAM}`] : []),
    // Publishers own the stream's settings, and purge what an earlier version published with profiles in it once.
    ...(access.publishes.length ? [`${API}.STREAM.UPDATE.${STREAM}`, `${API}.STREAM.PURGE.${STREAM}`] : []),
    // The inbound stream is made by its first consumer, never changed by the product.
    ...(readsInbound ? [`${API}.STREAM.INFO.${INBOUND_STREAM}`, `${API}.STREAM.CREATE.${INBOUND_STREAM}`] : []),
    ...access.durables.flatMap(({ name, filter }) => [
      `${API}.CONSUMER.CREATE.${streamOf(filter)}.${name}.${filter}`,
      `${API}.CONSUMER.INFO.${streamOf(filter)}.${name}`,
      `${API}.CONSUMER.MSG.NEXT.${streamOf(filter)}.${name}`,
      `$JS.ACK.${streamOf(filter)}.${name}.>`,
    ]),
    ...(access.durables.length ? [`${API}.STREAM.INFO.${DLQ}`, `${API}.STREAM.CREATE.${DLQ}`] : []),
    ...access.durables.flatMap(({ name }) => {
      const replay = replayConsumerOf(name);
      return [
        Subjects.deadLetters.dead(name),
        `${API}.CONSUMER.CREATE.${DLQ}.${replay}.${Subjects.deadLetters.replay(name)}`,
        `${API}.CONSUMER.INFO.${DLQ}.${replay}`,
        `${API}.CONSUMER.MSG.NEXT.${DLQ}.${replay}`,
        `$JS.ACK.${DLQ}.${replay}.>`,
      ];
    }),
    ...(access.administersDeadLetters
      ? [
          `${API}.STREAM.INFO.${DLQ}`,
          `${API}.STREAM.MSG.GET.${DLQ}`,
          `${API}.STREAM.MSG.DELETE.${DLQ}`,
          Subjects.deadLetters.replay('*'),
        ]
      : []),
    ...access.everyInstance.map((filter) => `${API}.CONSUMER.CREATE.${STREAM}.*.${filter}`),
    ...(access.everyInstance.length
      ? [`${API}.CONSUMER.INFO.${STREAM}.*`, `${API}.CONSUMER.MSG.NEXT.${STREAM}.*`]
      : []),
  ];
  return {
    publish: unique(publish),
    subscribe: unique([...access.answers, `${busInboxPrefix(user)}.>`]),
    allowResponses: access.answers.length > 0,
  };
}

const unique = (subjects: string[]): string[] => [...new Set(subjects)];

/** One user's entry in the `authorization.users` list. */
function renderUser(user: BusUser): string {
  const p = permissionsOf(user);
  const list = (subjects: string[]) => subjects.map((s) => `            ${JSON.stringify(s)},`).join('\n');
  return [
    `    {`,
    `      user: ${JSON.stringify(user)}`,
    `      password: $${busPasswordVariable(user)}`,
    `      permissions: {`,
    `        publish: {`,
    `          allow: [`,
    list(p.publish),
    `          ]`,
    `        }`,
    `        subscribe: {`,
    `          allow: [`,
    list(p.subscribe),
    `          ]`,
    `        }`,
    ...(p.allowResponses ? [`        allow_responses: true`] : []),
    `      }`,
    `    }`,
  ].join('\n');
}

/** The whole configuration file. */
export function renderNatsServerConfig(): string {
  const variables = BUS_USERS.map((u) => `#   ${busPasswordVariable(u)}  (${u})`).join('\n');
  return `# nats-server configuration of the bus: JetStream on, anonymous clients refused, one user per
# app (and one for outside integrations), each allowed only the subjects it needs.
#
# GENERATED by \`npm run nats:config\` from BUS_ACCESS (libs/contracts/src/bus-access.ts). Edit the
# table, then regenerate: a unit spec checks that this file is what the table renders.
#
# Each password comes from nats-server's environment (nats-server refuses to start when one is
# missing), and each app logs in with NATS_USER=<its name> and NATS_PASSWORD=<the same value>:
${variables}
# \`npm run nats:config -- --passwords\` prints a random set.
#
# Address, port, JetStream's store directory and TLS come from the command line, e.g.
#   nats-server -c nats-server.conf -sd /data
#   nats-server -c nats-server.conf -sd /data --tlscert server.pem --tlskey server-key.pem
# (with TLS, the apps set NATS_TLS_CA, or use tls:// URLs).

jetstream: enabled

authorization {
  users = [
${BUS_USERS.map(renderUser).join('\n')}
  ]
}
`;
}

/** A random password per user, as `VARIABLE=value` lines (for .env, or a Kubernetes secret's env file). */
export function randomPasswords(random: (bytes: number) => string): string {
  return BUS_USERS.map((u) => `${busPasswordVariable(u)}=${busPassword(random)}\n`).join('');
}

/**
 * A password nats-server can read from its environment: nats-server parses the variable's value
 * as a configuration value, so one starting with a digit ("9m...") fails to parse as a number
 * and the server does not start. A leading letter makes it a string; the rest is `random`'s
 * base64url (letters, digits, `-`, `_`).
 */
export function busPassword(random: (bytes: number) => string): string {
  return `p${random(24)}`;
}
