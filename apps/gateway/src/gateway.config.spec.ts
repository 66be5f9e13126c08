import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@app/common/config/load-config';
import { DEVELOPMENT_JWT_SECRET_PREFIX, GatewayConfig } from './gateway.config';

const PRODUCTION = {
  ENVIRONMENT: 'production',
  DATABASE_URL: 'postgres://recsys:pw@db/recsys',
  NATS_USER: 'gateway',
  NATS_PASSWORD: 'pw',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(GatewayConfig, env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}

describe('GatewayConfig', () => {
  // What scripts/start.sh writes to .env.
  const development = `${DEVELOPMENT_JWT_SECRET_PREFIX}${'ab'.repeat(32)}`;

  it('knows the development secret by the prefix npm start writes', () => {
    const startScript = readFileSync(join(__dirname, '..', '..', '..', 'scripts', 'start.sh'), 'utf8');
    expect(startScript).toContain(`JWT_SECRET=${DEVELOPMENT_JWT_SECRET_PREFIX}$(`);
  });

  it('refuses the development JWT secret npm start writes, in production only, without printing it', () => {
    const found = problems({ ...PRODUCTION, JWT_SECRET: development });
    expect(found).toEqual([expect.stringMatching(/^JWT_SECRET: is the development secret npm start writes/)]);
    expect(found.join()).not.toContain('abab');
    expect(problems({ JWT_SECRET: development })).toEqual([]);
    expect(problems({ ...PRODUCTION, JWT_SECRET: 'cd'.repeat(32) })).toEqual([]);
  });
});
