import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  APP_BUS_USERS,
  BUS_ACCESS,
  BUS_USERS,
  busPasswordVariable,
  DurableConsumers,
  SERVICE_NAMES,
  Subjects,
  type BusUser,
  type ServiceName,
} from '@app/contracts';
import { parseAllDocuments } from 'yaml';
import { subjectMatches } from '@app/common/events/subject-match';
import { permissionsOf, randomPasswords, renderNatsServerConfig, SHIPPED_CONFIG_FILES } from './nats-permissions';

const ROOT = join(__dirname, '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');
const APPS = APP_BUS_USERS;
type App = (typeof APPS)[number];

/** The TypeScript sources under `dir` (specs excluded), as [path, text]. */
function sources(dir: string): [string, string][] {
  const out: [string, string][] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(path))
        out.push([path, readFileSync(path, 'utf8')]);
    }
  };
  walk(join(ROOT, dir));
  return out;
}

/** `Subjects.a.b` → its string. */
function subjectOf(path: string): string {
  const [group, name] = path.split('.');
  const value = (Subjects as unknown as Record<string, Record<string, unknown>>)[group]?.[name];
  if (typeof value !== 'string') throw new Error(`unknown subject Subjects.${path}`);
  return value;
}

/** Every match of `pattern` (group 1: `a.b` of Subjects.a.b) in an app's sources, as subjects. */
function subjectsIn(app: App, pattern: RegExp): Set<string> {
  const found = new Set<string>();
  for (const [, text] of sources(`apps/${app}/src`)) for (const m of text.matchAll(pattern)) found.add(subjectOf(m[1]));
  return found;
}

const health = (s: ServiceName) => [Subjects.health.ping(s), Subjects.health.metrics(s)];
/** Every RPC subject: the request/reply groups of the table, and each service's health. */
const RPC_SUBJECTS: string[] = [
  ...(['users', 'interactions', 'webhooks', 'candidates', 'features', 'ranking', 'training'] as const).flatMap((g) =>
    Object.values(Subjects[g]),
  ),
  ...SERVICE_NAMES.flatMap(health),
];
const EVENT_SUBJECTS = Object.values(Subjects.events).filter((s) => !s.includes('*') && !s.includes('>'));
const sorted = (xs: Iterable<string>) => [...xs].sort();

describe('the bus permissions (BUS_ACCESS) and the shipped nats-server configuration', () => {
  it.each(SHIPPED_CONFIG_FILES)('ships %s exactly as the table renders it (npm run nats:config)', (file) => {
    expect(read(file)).toBe(renderNatsServerConfig());
  });

  it('has a password variable for every user in the shipped file, and no anonymous access', () => {
    const text = renderNatsServerConfig();
    for (const user of BUS_USERS) expect(text).toContain(`password: $${busPasswordVariable(user)}\n`);
    expect(text).not.toMatch(/no_auth_user/);
  });

  it('lets `all`, one process running every app, do what the apps may do together, and nothing more', () => {
    const together = (pick: (u: (typeof APPS)[number]) => string[]) => sorted(new Set(APPS.flatMap(pick)));
    const all = permissionsOf('all');
    // Its inboxes are its own; the rest is every app's.
    const apps = (u: (typeof APPS)[number]) => permissionsOf(u).subscribe.filter((s) => !s.startsWith('_INBOX.'));
    expect(sorted(all.subscribe)).toEqual(sorted([...together(apps), '_INBOX.all.>']));
    expect(sorted(all.publish)).toEqual(together((u) => permissionsOf(u).publish));
    expect(all.allowResponses).toBe(true);
  });

  it('gives every user an allow list both ways (nats-server allows everything when one is missing)', () => {
    for (const user of BUS_USERS) {
      const p = permissionsOf(user);
      expect(p.publish.length).toBeGreaterThan(0);
      expect(p.subscribe.length).toBeGreaterThan(0);
    }
  });

  it('has each RPC subject answered by exactly one service: the one whose handler serves it', () => {
    const handlers = new Map<string, string[]>();
    for (const service of SERVICE_NAMES) {
      // Every service's health controller (libs/common) answers its own ping and metrics.
      const served = [...subjectsIn(service, /@MessagePattern\(Subjects\.(\w+\.\w+)\)/g), ...health(service)];
      for (const s of served) handlers.set(s, [...(handlers.get(s) ?? []), service]);
    }
    for (const subject of RPC_SUBJECTS) {
      const answering = APPS.filter((u) => BUS_ACCESS[u].answers.includes(subject as never));
      expect({ subject, answering }).toEqual({ subject, answering: handlers.get(subject) ?? [] });
      expect(answering).toHaveLength(1);
    }
    for (const user of BUS_USERS) for (const s of BUS_ACCESS[user].answers) expect(RPC_SUBJECTS).toContain(s);
  });

  it('lets each app call exactly the subjects its code sends requests to', () => {
    for (const app of APPS) {
      const calls = subjectsIn(app, /rpc\.send\(\s*Subjects\.(\w+\.\w+)[,\s]/g);
      // Health pings and metrics go to every service (a loop over SERVICE_NAMES).
      const healthCalls = sources(`apps/${app}/src`).some(([, t]) => /rpc\.send\(\s*Subjects\.health\.ping\(/.test(t));
      if (healthCalls) for (const s of SERVICE_NAMES.flatMap(health)) calls.add(s);
      expect({ app, calls: sorted(BUS_ACCESS[app].calls) }).toEqual({ app, calls: sorted(calls) });
    }
    expect(BUS_ACCESS.integrator.calls).toEqual([]);
  });

  it('has each event published by exactly one user: the service whose code writes it to the outbox', () => {
    const writers = new Map<string, string[]>();
    const note = (subject: string, writer: string) => writers.set(subject, [...(writers.get(subject) ?? []), writer]);
    for (const app of APPS)
      for (const s of subjectsIn(app, /appendOutbox\(\s*\w+,\s*Subjects\.(\w+\.\w+)/g)) note(s, app);
    // Model activation is written by ModelVersionsRepository.activate (libs/db), which only the trainer calls.
    expect(read('libs/db/src/repositories/model-versions.repository.ts')).toContain(
      'append(Subjects.events.modelActivated',
    );
    for (const app of APPS) {
      const calls = sources(`apps/${app}/src`).some(([, t]) => /\b(versions|registry|repo)\.activate\(/.test(t));
      if (calls) note(Subjects.events.modelActivated, app);
    }
    // The import tool writes events.bulk.imported to the outbox without a NATS connection; user-service relays it.
    expect(read('tools/import/import-market.ts')).toContain('Subjects.events.bulkImported');
    note(Subjects.events.bulkImported, 'user-service');
    for (const subject of EVENT_SUBJECTS) {
      const publishing = APPS.filter((u) => BUS_ACCESS[u].publishes.includes(subject as never));
      expect({ subject, publishing }).toEqual({ subject, publishing: writers.get(subject) ?? [] });
      expect(publishing).toHaveLength(1);
      // Nobody else may publish it, not even through a wildcard (but `all`, which is every app).
      for (const user of BUS_USERS.filter((u) => u !== publishing[0] && u !== 'all'))
        expect(permissionsOf(user).publish.filter((p) => p === subject || /^events\..*[*>]/.test(p))).toEqual([]);
    }
  });

  it('runs the durable consumers the code names, and only events someone publishes are consumed', () => {
    for (const app of APPS) {
      const named = new Set<string>();
      for (const [, text] of sources(`apps/${app}/src`))
        for (const m of text.matchAll(/DurableConsumers\.(\w+)/g)) named.add(m[1]);
      const names = [...named].map((k) => DurableConsumers[k as keyof typeof DurableConsumers]);
      expect({ app, durables: sorted(BUS_ACCESS[app].durables.map((d) => d.name)) }).toEqual({
        app,
        durables: sorted(names),
      });
    }
    // The product's events by their publishers; inbound ones by the integrator, under its prefix.
    const published = BUS_USERS.flatMap((u) => [...BUS_ACCESS[u].publishes, ...(BUS_ACCESS[u].inbound ?? [])]);
    for (const user of BUS_USERS)
      for (const filter of [...BUS_ACCESS[user].durables.map((d) => d.filter), ...BUS_ACCESS[user].everyInstance]) {
        const prefix = filter.replace(/[*>]$/, '');
        const by = (s: string) => s === filter || s.startsWith(prefix) || subjectMatches(filter, s);
        expect({ user, filter, published: published.some(by) }).toEqual({
          user,
          filter,
          published: true,
        });
      }
  });

  it('keeps replies private: each user reads only its own inboxes, and only services answering may reply', () => {
    for (const user of BUS_USERS) {
      const { subscribe, allowResponses } = permissionsOf(user);
      expect(subscribe).toContain(`_INBOX.${user}.>`);
      expect(subscribe.filter((s) => s.startsWith('_INBOX'))).toEqual([`_INBOX.${user}.>`]);
      expect(subscribe.some((s) => s === '>' || s.includes('*'))).toBe(false);
      expect(allowResponses).toBe(BUS_ACCESS[user].answers.length > 0);
    }
  });

  it('limits the integrator to the inbound prefix, which no one else may publish to', () => {
    expect(permissionsOf('integrator')).toEqual({
      publish: [Subjects.inbound.all],
      subscribe: ['_INBOX.integrator.>'],
      allowResponses: false,
    });
    for (const user of BUS_USERS.filter((u): u is Exclude<BusUser, 'integrator'> => u !== 'integrator'))
      expect(permissionsOf(user).publish.filter((s) => s.startsWith('inbound'))).toEqual([]);
  });

  it('gives each app its own credentials in docker-compose.yml and k8s/, and NATS every password', () => {
    const compose = read('docker-compose.yml');
    // One block per service: from its name (two-space indent) to the next.
    const blocks = new Map(
      [...compose.matchAll(/^ {2}([\w-]+):\n((?: {4}.*\n|\n)*)/gm)].map((m) => [m[1], m[2]] as const),
    );
    type Deployment = {
      kind: string;
      metadata: { name: string };
      spec: { template: { spec: { containers: { env: unknown[] }[] } } };
    };
    const k8s = ['k8s/microservices/services.yaml', 'k8s/microservices/gateway.yaml'].flatMap((f) =>
      parseAllDocuments(read(f)).map((d) => d.toJS() as Deployment),
    );
    for (const app of APPS) {
      const variable = busPasswordVariable(app);
      expect({ app, compose: blocks.get(app) }).toEqual({
        app,
        compose: expect.stringContaining(`NATS_USER: ${app}\n      NATS_PASSWORD: '\${${variable}:?`),
      });
      const deployment = k8s.find((d) => d?.kind === 'Deployment' && d.metadata.name === app);
      expect({ app, env: deployment?.spec.template.spec.containers[0].env }).toEqual({
        app,
        env: expect.arrayContaining([
          { name: 'NATS_USER', value: app },
          { name: 'NATS_PASSWORD', valueFrom: { secretKeyRef: { name: 'recsys-nats', key: variable } } },
        ]),
      });
    }
    // One process running every app (TARGET=all) logs in as `all`, in compose and in k8s/all-in-one.
    expect(blocks.get('all')).toContain("NATS_USER: all\n      NATS_PASSWORD: '${NATS_PASSWORD_ALL:?");
    expect(read('k8s/all-in-one/all-in-one.yaml')).toContain(
      '- { name: NATS_USER, value: all }\n            - name: NATS_PASSWORD\n' +
        '              valueFrom: { secretKeyRef: { name: recsys-nats, key: NATS_PASSWORD_ALL } }',
    );
    for (const user of BUS_USERS)
      expect(blocks.get('nats')).toContain(`${busPasswordVariable(user)}: '\${${busPasswordVariable(user)}:?`);
    expect(blocks.get('nats')).toContain('./deploy/nats/nats-server.conf:/etc/nats/nats-server.conf:ro');
    expect(read('k8s/microservices/kustomization.yaml')).toContain('files: [nats/nats-server.conf]');
    expect(read('k8s/microservices/nats.yaml')).toContain('envFrom: [{ secretRef: { name: recsys-nats } }]');
  });

  it('covers every subject of the Subjects table (the bench echo runs on its own NATS only)', () => {
    const permitted = new Set(BUS_USERS.flatMap((u) => [...permissionsOf(u).publish, ...permissionsOf(u).subscribe]));
    const leaves = (o: unknown): string[] =>
      typeof o === 'string' ? [o] : typeof o === 'object' && o ? Object.values(o).flatMap(leaves) : [];
    // Filters, not subjects (a dead letter's subject is deadletters.dead.<consumer>, covered per consumer).
    const notOnTheBus = new Set<string>([
      Subjects.bench.hopEcho,
      Subjects.events.all,
      Subjects.events.anyUser,
      Subjects.deadLetters.allDead,
      Subjects.deadLetters.all,
    ]);
    // The integrators' inbound subjects are permitted through their prefix (inbound.>).
    const wildcards = [...permitted].filter((p) => /[*>]/.test(p) && !p.startsWith('$'));
    const isPermitted = (s: string) => permitted.has(s) || wildcards.some((w) => subjectMatches(s, w));
    for (const subject of [...leaves(Subjects), ...SERVICE_NAMES.flatMap(health)]) {
      if (notOnTheBus.has(subject)) continue;
      expect({ subject, permitted: isPermitted(subject) }).toEqual({ subject, permitted: true });
    }
    expect(permitted.has(Subjects.bench.hopEcho)).toBe(false);
  });
});

describe('generated NATS passwords', () => {
  it('start with a letter: nats-server parses a value like "9mX..." from its environment as a number, and fails', () => {
    const lines = randomPasswords(() => '9mX-_a')
      .trim()
      .split('\n');
    expect(lines).toHaveLength(BUS_USERS.length);
    for (const line of lines) expect(line).toMatch(/^NATS_PASSWORD_[A-Z_]+=p9mX-_a$/);
  });
});
