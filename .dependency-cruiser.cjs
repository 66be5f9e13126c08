/**
 * The layer rules (ARCHITECTURE.md, "Code layout"), checked by `npm run lint:deps` in `npm test`:
 *   contracts <- ml <- db <- common <- apps;  offline (contracts, ml) <- tools;  client (alone) <- tools, tests.
 * Each library imports only those below it, no library imports an app or a tool, no app imports
 * another app or the offline code, and no import cycle exists anywhere.
 */
const LIB = (name) => `^libs/${name}/`;

/**
 * The libraries from the bottom up, each with what it may import of ours: the stack is written
 * once here and every layer rule follows from it.
 */
const LAYERS = [
  { lib: 'contracts', uses: [], why: 'the bottom layer: pure types and constants' },
  { lib: 'ml', uses: ['contracts'], why: 'pure computation on the contracts' },
  { lib: 'db', uses: ['contracts', 'ml'], why: 'persistence, below the Nest layer' },
  { lib: 'common', uses: ['contracts', 'ml', 'db'], why: 'the Nest layer shared by the apps' },
  { lib: 'offline', uses: ['contracts', 'ml'], why: 'offline code, apart from what the services load' },
  { lib: 'client', uses: [], why: 'the HTTP API client for integrators, generated from openapi.json' },
];
const layerRules = LAYERS.map(({ lib, uses, why }) => ({
  name: `layer-${lib}`,
  comment: `${lib} is ${why}: it imports ${uses.length ? uses.join(', ') : 'no library of ours'}, no app, no tool.`,
  severity: 'error',
  from: { path: LIB(lib) },
  to: { path: ['^libs/', '^apps/', '^tools/'], pathNot: [LIB(lib), ...uses.map(LIB)] },
}));
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
    ...layerRules,
    {
      name: 'contracts-is-pure',
      comment: 'contracts holds types and constants only: no runtime library.',
      severity: 'error',
      from: { path: LIB('contracts') },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer'] },
    },
    {
      name: 'ml-without-infrastructure',
      comment: 'ml has no Nest, NATS, PostgreSQL or Redis: it runs offline and in a worker alike.',
      severity: 'error',
      from: { path: LIB('ml') },
      to: { path: infra },
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
      name: 'apps-do-not-call-their-own-api',
      comment:
        'The client is for callers of the HTTP API (integrators, tests, tools); services talk over NATS. ' +
        "An app's spec may use it to check that both sides of a protocol agree (a webhook's signature).",
      severity: 'error',
      from: { path: '^apps/', pathNot: '\\.(int-|e2e-)?spec\\.ts$' },
      to: { path: LIB('client') },
    },
    {
      name: 'apps-stand-alone',
      comment: 'An app talks to another over NATS through contracts, never by importing it.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/', pathNot: '^apps/launcher/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'launcher-takes-only-app-definitions',
      comment:
        'The launcher (the one entry point) starts apps by their definitions (<app>.app.ts: name, config, module), nothing else of theirs.',
      severity: 'error',
      from: { path: '^apps/launcher/' },
      to: { path: '^apps/', pathNot: ['^apps/launcher/', '^apps/[^/]+/src/[^/]+\\.app\\.ts$'] },
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
