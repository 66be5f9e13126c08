import type { Config } from 'jest';

// Three tiers (STYLE.md): unit specs beside the code (pure logic, no services),
// integration specs against the real PostgreSQL/Redis/NATS, and end-to-end specs
// that start every app and drive the gateway over HTTP.
const moduleNameMapper = {
  '^@app/(contracts|ml|db|common|offline|client)$': '<rootDir>/libs/$1/src',
  '^@app/(contracts|ml|db|common|offline|client)/(.*)$': '<rootDir>/libs/$1/src/$2',
  // The shared DTOs' documentation decorators, as no-ops (ES modules; see the stub).
  '^@nestjs/swagger$': '<rootDir>/test/support/swagger-docs.stub.ts',
};
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};
const shared = {
  rootDir: '.',
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  transform,
  testEnvironment: 'node',
};

// NestJS 12 ships ES modules, which jest (CommonJS here) cannot load: specs never import @nestjs/*
// (only @nestjs/swagger's documentation decorators, carried by the shared DTOs, load as no-ops).
// Services are tested as the real processes they are, over NATS and HTTP (integration, e2e).
const config: Config = {
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...shared,
      displayName: 'integration',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
    },
    {
      ...shared,
      displayName: 'e2e',
      setupFilesAfterEnv: ['<rootDir>/test/support/long-timeout.ts'],
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/e2e/global-setup.ts',
      globalTeardown: '<rootDir>/test/e2e/global-teardown.ts',
    },
  ],
};

export default config;
