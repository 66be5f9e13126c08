/**
 * The layer rules (ARCHITECTURE.md, "Code layout"), checked by `npm run lint:deps` in `npm test`:
 *   contracts <- ml <- db <- common <- apps;  offline (contracts, ml) <- tools.
 * Each library imports only those below it, no library imports an app or a tool, no app imports
 * another app or the offline code, and no import cycle exists anywhere.
 */
const LIB = (name) => `^libs/${name}/`;
const infra =
  '^node_modules/(@nestjs|@nats-io|nats|pg|pg-copy-streams|ioredis|bullmq|typeorm|express|pino|prom-client)/';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle: split the shared part into a module both can import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'contracts-imports-nothing-of-ours',
      comment: 'contracts is the bottom layer: pure types and constants.',
      severity: 'error',
      from: { path: LIB('contracts') },
      to: { path: ['^libs/(ml|db|common|offline)/', '^apps/', '^tools/'] },
    },
    {
      name: 'contracts-is-pure',
      comment: 'contracts holds types and constants only: no runtime library.',
      severity: 'error',
      from: { path: LIB('contracts') },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'] },
    },
    {
      name: 'ml-only-on-contracts',
      comment: 'ml is pure computation: it may use contracts, nothing above it.',
      severity: 'error',
      from: { path: LIB('ml') },
      to: { path: ['^libs/(db|common|offline)/', '^apps/', '^tools/'] },
    },
    {
      name: 'ml-without-infrastructure',
      comment: 'ml has no Nest, NATS, PostgreSQL or Redis: it runs offline and in a worker alike.',
      severity: 'error',
      from: { path: LIB('ml') },
      to: { path: infra },
    },
    {
      name: 'db-below-common',
      severity: 'error',
      from: { path: LIB('db') },
      to: { path: ['^libs/(common|offline)/', '^apps/', '^tools/'] },
    },
    {
      name: 'common-below-apps',
      severity: 'error',
      from: { path: LIB('common') },
      to: { path: ['^libs/offline/', '^apps/', '^tools/'] },
    },
    {
      name: 'offline-apart-from-services',
      comment: 'offline code (market, evaluation, baselines) uses contracts and ml only; tools use it.',
      severity: 'error',
      from: { path: LIB('offline') },
      to: { path: ['^libs/(db|common)/', '^apps/', '^tools/'] },
    },
    {
      name: 'only-specs-use-test-support',
      comment: 'test/ holds the test harness (private NATS, fresh databases); shipped code never loads it.',
      severity: 'error',
      from: { path: '^(apps|libs|tools)/', pathNot: '\\.(int-|e2e-)?spec\\.ts$' },
      to: { path: '^test/' },
    },
    {
      name: 'apps-do-not-load-offline-code',
      comment: "A service's dependency tree shows only what it serves with.",
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: LIB('offline') },
    },
    {
      name: 'apps-stand-alone',
      comment: 'An app talks to another over NATS through contracts, never by importing it.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'tools-do-not-reach-into-apps',
      comment: 'Tools use the libraries; what an app owns stays inside it (openapi documents the gateway).',
      severity: 'error',
      from: { path: '^tools/', pathNot: '^tools/openapi/' },
      to: { path: '^apps/' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^dist/' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
