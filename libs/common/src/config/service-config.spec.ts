import 'reflect-metadata';
import { loadConfig } from './load-config';
import { ServiceConfig } from './service-config';
import { configProblems } from '../../../../test/support/config-problems';

const problems = (env: Record<string, string>): string[] => configProblems(ServiceConfig, env);

const SECURE_PRODUCTION = {
  ENVIRONMENT: 'production',
  DATABASE_URL: 'postgres://recsys:s3cret-db@db:5432/recsys',
  NATS_USER: 'user-service',
  NATS_PASSWORD: 's3cret-nats',
};

describe('ServiceConfig: NATS credentials and production refusals', () => {
  it('runs on the development defaults: local services, no credentials', () => {
    const c = loadConfig(ServiceConfig, {});
    expect(c.NATS_USER).toBeUndefined();
    expect(c.NATS_PASSWORD).toBeUndefined();
    expect(c.ALLOW_UNAUTHENTICATED_NATS).toBe(false);
  });

  it('accepts production with NATS credentials and a database password', () => {
    expect(problems(SECURE_PRODUCTION)).toEqual([]);
    expect(problems({ ...SECURE_PRODUCTION, DATABASE_URL: 'postgres://recsys@db/recsys', PGPASSWORD: 'x' })).toEqual(
      [],
    );
  });

  it('refuses production without NATS credentials unless ALLOW_UNAUTHENTICATED_NATS', () => {
    const env = { ...SECURE_PRODUCTION, NATS_USER: '', NATS_PASSWORD: '' };
    expect(problems(env)).toEqual([
      expect.stringMatching(/^NATS_USER: required in production .*ALLOW_UNAUTHENTICATED_NATS/),
    ]);
    expect(problems({ ...env, ALLOW_UNAUTHENTICATED_NATS: 'true' })).toEqual([]);
    // Development and tests run on a NATS without authentication.
    expect(problems({ ...env, ENVIRONMENT: 'development' })).toEqual([]);
    expect(problems({ ...env, ENVIRONMENT: 'test' })).toEqual([]);
  });

  it('wants NATS_USER and NATS_PASSWORD together, and a TLS certificate with its key', () => {
    expect(problems({ NATS_USER: 'gateway' })).toEqual([
      expect.stringMatching(/^NATS_USER: NATS_USER and NATS_PASSWORD go together: set both or neither/),
    ]);
    expect(problems({ NATS_PASSWORD: 'p' })).toHaveLength(1);
    expect(problems({ NATS_TLS_CERT: '/c.pem' })).toEqual([
      expect.stringMatching(/^NATS_TLS_CERT: NATS_TLS_CERT and NATS_TLS_KEY go together: set both or neither/),
    ]);
    expect(problems({ NATS_TLS_CERT: '/c.pem', NATS_TLS_KEY: '/k.pem', NATS_TLS_CA: '/ca.pem' })).toEqual([]);
  });

  it('refuses a password-less database login in production unless ALLOW_PASSWORDLESS_DATABASE', () => {
    for (const url of ['postgres://postgres@127.0.0.1:5432/recsys', 'postgresql://recsys@db/recsys?sslmode=require']) {
      const env = { ...SECURE_PRODUCTION, DATABASE_URL: url };
      expect(problems(env)).toEqual([
        expect.stringMatching(
          /^DATABASE_URL: in production the database login needs a password.*ALLOW_PASSWORDLESS_DATABASE/,
        ),
      ]);
      expect(problems({ ...env, ALLOW_PASSWORDLESS_DATABASE: 'true' })).toEqual([]);
    }
    // The default URL itself is refused in production.
    const { DATABASE_URL: _url, ...withDefaultUrl } = SECURE_PRODUCTION;
    expect(problems(withDefaultUrl)).toEqual([expect.stringMatching(/^DATABASE_URL: /)]);
  });

  it('names the variable in every problem and never prints a value (it may be a secret)', () => {
    const secrets = ['hunter2-password', 'postgres://admin:db-secret-9@h/x', 'notanumber-secret'];
    const found = problems({
      ENVIRONMENT: 'production',
      NATS_PASSWORD: secrets[0],
      DATABASE_URL: 'mysql://admin:db-secret-9@h/x',
      RPC_TIMEOUT_MS: secrets[2],
    });
    expect(new Set(found.map((p) => p.split(':')[0]))).toEqual(
      new Set(['DATABASE_URL', 'NATS_USER', 'RPC_TIMEOUT_MS']),
    );
    const text = found.join('\n');
    for (const s of [...secrets, 'db-secret-9']) expect(text).not.toContain(s);
  });
});

describe('ServiceConfig: booleans', () => {
  it('reads boolean variables from their text: "false" is false', () => {
    const off = loadConfig(ServiceConfig, { REVEAL_RECEIVED_LIKES: 'false', DEBUG: 'false' });
    expect(off.REVEAL_RECEIVED_LIKES).toBe(false);
    expect(off.DEBUG).toBe(false);
    const on = loadConfig(ServiceConfig, { REVEAL_RECEIVED_LIKES: 'TRUE', DEBUG: '1' });
    expect(on.REVEAL_RECEIVED_LIKES).toBe(true);
    expect(on.DEBUG).toBe(true);
    expect(loadConfig(ServiceConfig, {}).REVEAL_RECEIVED_LIKES).toBe(true);
    expect(loadConfig(ServiceConfig, { ALLOW_UNAUTHENTICATED_NATS: 'false' }).ALLOW_UNAUTHENTICATED_NATS).toBe(false);
  });
});

describe('ServiceConfig: redelivery of failing events', () => {
  it('defaults to five deliveries over about 80 s', () => {
    const c = loadConfig(ServiceConfig, {});
    expect(c.EVENT_MAX_DELIVERIES).toBe(5);
    expect(c.EVENT_REDELIVERY_BACKOFF_MS).toEqual([1000, 5000, 15000, 60000]);
  });

  it('reads the backoff as comma-separated milliseconds, and refuses what is not', () => {
    expect(loadConfig(ServiceConfig, { EVENT_REDELIVERY_BACKOFF_MS: '100, 200' }).EVENT_REDELIVERY_BACKOFF_MS).toEqual([
      100, 200,
    ]);
    const bad = problems({ EVENT_REDELIVERY_BACKOFF_MS: '100,soon' });
    expect(bad.length).toBeGreaterThan(0);
    for (const p of bad) expect(p).toMatch(/^EVENT_REDELIVERY_BACKOFF_MS: /);
    expect(problems({ EVENT_REDELIVERY_BACKOFF_MS: '100,-5' })).toContainEqual(
      expect.stringMatching(/^EVENT_REDELIVERY_BACKOFF_MS: .*less than 0/),
    );
    // Empty, like an unset variable: the default.
    expect(loadConfig(ServiceConfig, { EVENT_REDELIVERY_BACKOFF_MS: '' }).EVENT_REDELIVERY_BACKOFF_MS).toHaveLength(4);
    expect(problems({ EVENT_MAX_DELIVERIES: '0' })).toEqual([expect.stringMatching(/^EVENT_MAX_DELIVERIES: /)]);
  });
});
