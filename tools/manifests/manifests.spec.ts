/**
 * The Kubernetes manifests (k8s/), rendered by kubectl's kustomize as `kubectl apply -k` would,
 * then checked offline: every object against the Kubernetes schemas (kubernetes-models), and
 * against the project's own rules: every Deployment has probes, requests and limits, a hardened
 * security context, a pre-stop pause and a PodDisruptionBudget; images are pinned; only the
 * gateway takes traffic from outside; the default replicas stay within the connection budget.
 * And docker-compose.yml: one image built once, a healthcheck on every service, each starting
 * once what it needs is healthy, JetStream and Redis on volumes.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { SERVICE_NAMES } from '@app/contracts';

const ROOT = join(__dirname, '..', '..');

/** PostgreSQL's default max_connections, and the share of it the default replicas may hold. */
const MAX_CONNECTIONS = 100;
const BUDGET_SHARE = 0.8;
/**
 * Connections an app opens besides its DataSource pool (DB_POOL_SIZE): the gateway owns no data
 * and holds only its health probe's one; the trainer's worker thread reads the training data on a
 * client of its own.
 */
const OUTSIDE_THE_POOL: Record<string, number> = { gateway: 1, trainer: 1 };

// Rendered objects are checked field by field below; their types are the schemas' business.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Spec = any;
type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Spec;
};
type Container = {
  name: string;
  image: string;
  env?: { name: string; value?: string }[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    capabilities?: { drop?: string[] };
  };
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  lifecycle?: { preStop?: unknown };
};

function render(dir: string): Obj[] {
  const r = spawnSync('kubectl', ['kustomize', join(ROOT, dir)], { encoding: 'utf8' });
  if (r.error) throw new Error(`kubectl is missing (${r.error.message}): it renders the kustomization`);
  if (r.status !== 0) throw new Error(`kubectl kustomize ${dir} failed: ${r.stderr}`);
  return parseAllDocuments(r.stdout)
    .map((d) => d.toJS() as Obj)
    .filter(Boolean);
}

/** The kubernetes-models class of an object's apiVersion and kind (core: v1). */
type Model = new (data: unknown) => { validate(): void };
const load = createRequire(__filename);

function modelOf(o: Obj): Model {
  const module = load(`kubernetes-models/${o.apiVersion}`) as Record<string, Model>;
  const model = module[o.kind];
  if (!model) throw new Error(`no schema for ${o.apiVersion} ${o.kind}`);
  return model;
}

/**
 * The two shapes: what each Deployment runs (its TARGET), and the connections its default
 * replicas hold (k8s/README.md).
 */
const SHAPES = [
  {
    dir: 'k8s/microservices',
    targets: Object.fromEntries(['gateway', ...SERVICE_NAMES].map((app) => [app, app])),
    connections: 71,
  },
  { dir: 'k8s/all-in-one', targets: { gateway: 'all' }, connections: 26 },
];

/** The apps a target runs that hold a DataSource pool of DB_POOL_SIZE (the gateway owns no data). */
const pooledApps = (target: string): number => (target === 'all' ? SERVICE_NAMES.length : target === 'gateway' ? 0 : 1);

describe.each(SHAPES)('$dir rendered with kustomize', ({ dir, targets, connections }) => {
  const objects = render(dir);
  const of = (kind: string) => objects.filter((o) => o.kind === kind);
  const deployments = of('Deployment');
  const podSpec = (d: Obj) => d.spec.template.spec;
  const containers = (d: Obj): Container[] => [...(podSpec(d).initContainers ?? []), ...podSpec(d).containers];

  const envOf = (d: Obj) => podSpec(d).containers[0].env as { name: string; value?: string }[];

  it('renders every app, NATS, and what runs them', () => {
    const running = Object.fromEntries(
      deployments.map((d) => [d.metadata.name, envOf(d).find((e) => e.name === 'TARGET')?.value]),
    );
    expect(running).toEqual(targets);
    expect(of('StatefulSet').map((s) => s.metadata.name)).toEqual(['nats']);
    for (const kind of ['PodDisruptionBudget', 'NetworkPolicy', 'Ingress', 'ConfigMap'])
      expect({ kind, present: of(kind).length > 0 }).toEqual({ kind, present: true });
    // Re-applied on every rollout, a Job would be refused (its template is immutable):
    // the migrations run in the gateway's init container.
    expect(of('Job')).toEqual([]);
  });

  it('is valid against the Kubernetes schemas, object by object', () => {
    for (const o of objects) {
      const Model = modelOf(o);
      expect(() => new Model(o).validate()).not.toThrow();
    }
  });

  it('catches an invalid object (the schema check is live)', () => {
    const broken = structuredClone(deployments[0]);
    broken.spec.template.spec.containers[0].ports = [{ containerPort: 'http' }];
    expect(() => new (modelOf(broken))(broken).validate()).toThrow(/containerPort/);
  });

  it('gives every Deployment probes, requests and limits, a hardened security context and a pre-stop pause', () => {
    for (const d of deployments) {
      const pod = podSpec(d);
      const name = d.metadata.name;
      expect({ name, pod: pod.securityContext }).toMatchObject({
        name,
        pod: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
      });
      expect({ name, token: pod.automountServiceAccountToken }).toEqual({ name, token: false });
      for (const c of containers(d)) {
        expect({ name, container: c.name, securityContext: c.securityContext }).toEqual({
          name,
          container: c.name,
          securityContext: {
            allowPrivilegeEscalation: false,
            readOnlyRootFilesystem: true,
            capabilities: { drop: ['ALL'] },
          },
        });
        for (const r of ['cpu', 'memory'])
          expect({
            name,
            container: c.name,
            r,
            request: !!c.resources?.requests?.[r],
            limit: !!c.resources?.limits?.[r],
          }).toEqual({ name, container: c.name, r, request: true, limit: true });
      }
      for (const c of pod.containers as Container[]) {
        expect({ name, probes: !!c.livenessProbe && !!c.readinessProbe, preStop: !!c.lifecycle?.preStop }).toEqual({
          name,
          probes: true,
          preStop: true,
        });
      }
    }
  });

  it('covers every Deployment with a PodDisruptionBudget that lets a drain proceed', () => {
    const budgets = of('PodDisruptionBudget');
    for (const w of [...deployments, ...of('StatefulSet')]) {
      const app = w.spec.selector.matchLabels.app;
      const budget = budgets.find((b) => b.spec.selector.matchLabels.app === app);
      expect({ app, budget: !!budget }).toEqual({ app, budget: true });
      // A budget of zero disruptions on a one-pod workload would block every node drain.
      if (w.spec.replicas === 1)
        expect({ app, maxUnavailable: budget!.spec.maxUnavailable }).toEqual({ app, maxUnavailable: 1 });
    }
  });

  it('pins every image: a tag or a digest, never latest', () => {
    for (const w of [...deployments, ...of('StatefulSet')])
      for (const c of containers(w))
        expect({ image: c.image, pinned: /[:@]/.test(c.image) && !/:latest$/.test(c.image) }).toEqual({
          image: c.image,
          pinned: true,
        });
  });

  it('lets only the gateway take traffic from outside; NATS, PostgreSQL and Redis only from the pods that use them', () => {
    const policies = of('NetworkPolicy');
    const deny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0);
    expect(deny?.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    // A rule without `from` admits anyone: only the gateway's.
    const open = policies.filter((p) => (p.spec.ingress ?? []).some((r: { from?: unknown }) => !r.from));
    expect(open.map((p) => p.spec.podSelector.matchLabels)).toEqual([{ app: 'gateway' }]);
    const allowed = (app: string) =>
      policies.find((p) => p.spec.podSelector.matchLabels?.app === app)?.spec.ingress[0].from[0].podSelector
        .matchLabels;
    expect(allowed('nats')).toEqual({ 'app.kubernetes.io/part-of': 'recsys' });
    expect(allowed('postgres')).toEqual({ 'recsys.io/postgres': 'true' });
    expect(allowed('redis')).toEqual({ 'recsys.io/redis': 'true' });
    // The ingress routes the API, not /metrics.
    const paths = of('Ingress').flatMap((i) =>
      i.spec.rules.flatMap((r: Spec) => r.http.paths.map((p: Spec) => p.path)),
    );
    expect(paths).toContain('/api');
    expect(paths).not.toContain('/');
    expect(paths).not.toContain('/metrics');
  });

  it(`keeps the default replicas within ${BUDGET_SHARE * 100}% of max_connections (${MAX_CONNECTIONS})`, () => {
    let total = 0;
    for (const d of deployments) {
      const name = d.metadata.name;
      const labels = d.spec.template.metadata.labels;
      if (labels['recsys.io/postgres'] !== 'true') continue;
      const target = targets[name as keyof typeof targets];
      const pools = pooledApps(target);
      const pool = pools ? Number(envOf(d).find((e) => e.name === 'DB_POOL_SIZE')?.value) : 0;
      // Each data service sets its pool explicitly: the default (10) would break the budget.
      if (pools) expect({ name, pool: Number.isInteger(pool) && pool > 0 }).toEqual({ name, pool: true });
      const outside = target === 'all' ? OUTSIDE_THE_POOL.gateway + OUTSIDE_THE_POOL.trainer : OUTSIDE_THE_POOL[name];
      total += d.spec.replicas * (pools * pool + (outside ?? 0));
    }
    expect(total).toBeLessThanOrEqual(MAX_CONNECTIONS * BUDGET_SHARE);
    expect(total).toBe(connections); // docs (k8s/README.md) give this figure
  });
});

describe('docker-compose.yml', () => {
  type Service = {
    build?: unknown;
    image?: string;
    command?: string[];
    volumes?: string[];
    healthcheck?: { test: string[] };
    depends_on?: Record<string, { condition: string }>;
  };
  const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
    services: Record<string, Service>;
  };
  const services = compose.services;
  // The seven apps one container each (profile microservices), or all of them in one (profile all).
  const APPS = ['gateway', ...SERVICE_NAMES, 'all'];

  it('builds the one image once, and every app runs it', () => {
    const built = Object.entries(services).filter(([, s]) => s.build);
    expect(built.map(([n]) => n)).toEqual(['migrate']);
    for (const app of APPS) expect({ app, image: services[app].image }).toEqual({ app, image: built[0][1].image });
  });

  it('gives every long-running service a healthcheck, and starts each once what it needs is healthy', () => {
    for (const [name, s] of Object.entries(services))
      if (name !== 'migrate')
        expect({ name, healthcheck: !!s.healthcheck?.test?.length }).toEqual({ name, healthcheck: true });
    expect(services.migrate.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
    for (const app of APPS)
      expect({ app, depends_on: services[app].depends_on }).toEqual({
        app,
        depends_on: {
          migrate: { condition: 'service_completed_successfully' },
          redis: { condition: 'service_healthy' },
          nats: { condition: 'service_healthy' },
        },
      });
  });

  it('keeps JetStream and Redis on volumes, so events and the training queue survive a restart', () => {
    expect(services.nats.command).toEqual(expect.arrayContaining(['-sd', '/data']));
    expect(services.nats.volumes).toContainEqual(expect.stringMatching(/^natsdata:\/data$/));
    expect(services.redis.command).toEqual(expect.arrayContaining(['--appendonly', 'yes']));
    expect(services.redis.volumes).toContainEqual(expect.stringMatching(/^redisdata:\/data$/));
  });
});
