import 'reflect-metadata';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@app/common/config/load-config';
import { resolveJwtKey } from './auth/jwt-keys';
import { DEVELOPMENT_JWT_SECRET_PREFIX, GatewayConfig } from './gateway.config';
import { configProblems } from '../../../test/support/config-problems';

const SECRET = 'unit-test-secret-0123456789-0123456789-abcdef';
const pem = (type: 'ec' | 'rsa' | 'ed25519', options: object = {}) =>
  generateKeyPairSync(
    type as 'ec',
    {
      ...options,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    } as never,
  ) as unknown as { publicKey: string; privateKey: string };
const ec = pem('ec', { namedCurve: 'P-256' });
const rsa = pem('rsa', { modulusLength: 2048 });

/** The ConfigError's message for `env` (fails the test when the config loads). */
function configError(env: Record<string, string>): string {
  try {
    loadConfig(GatewayConfig, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('GatewayConfig: the token verification key', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gateway-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes a secret for HS256, with the defaults of the other token settings', () => {
    const config = loadConfig(GatewayConfig, { JWT_SECRET: SECRET });
    expect(config).toMatchObject({ JWT_MAX_TTL_SECONDS: 86_400, JWT_ISSUER: undefined, JWT_AUDIENCE: undefined });
    expect(resolveJwtKey(config)).toMatchObject({ algorithm: 'HS256', key: { type: 'secret' } });
  });

  it('derives ES256 from a P-256 key and RS256 from an RSA key, in the variable or in a file', () => {
    expect(resolveJwtKey(loadConfig(GatewayConfig, { JWT_PUBLIC_KEY: ec.publicKey }))).toMatchObject({
      algorithm: 'ES256',
      key: { type: 'public', asymmetricKeyType: 'ec' },
    });
    const file = join(dir, 'rsa.pem');
    writeFileSync(file, rsa.publicKey);
    expect(
      resolveJwtKey(loadConfig(GatewayConfig, { JWT_PUBLIC_KEY_FILE: file, JWT_ALGORITHM: 'RS256' })),
    ).toMatchObject({ algorithm: 'RS256', key: { type: 'public', asymmetricKeyType: 'rsa' } });
    // A PEM squeezed onto one line of an env file, with \n escapes.
    const oneLine = ec.publicKey.replace(/\n/g, '\\n');
    expect(resolveJwtKey(loadConfig(GatewayConfig, { JWT_PUBLIC_KEY: oneLine }))).toMatchObject({ algorithm: 'ES256' });
  });

  it('treats an empty variable as unset', () => {
    expect(
      resolveJwtKey(loadConfig(GatewayConfig, { JWT_SECRET: SECRET, JWT_PUBLIC_KEY: '', JWT_ISSUER: '' })),
    ).toMatchObject({ algorithm: 'HS256' });
  });

  it.each([
    [
      'both a secret and a public key',
      { JWT_SECRET: SECRET, JWT_PUBLIC_KEY: ec.publicKey },
      ['JWT_SECRET', 'JWT_PUBLIC_KEY'],
    ],
    [
      'both a public key and a key file',
      { JWT_PUBLIC_KEY: ec.publicKey, JWT_PUBLIC_KEY_FILE: '/etc/jwt/key.pem' },
      ['JWT_PUBLIC_KEY_FILE'],
    ],
    ['no key at all', {}, ['JWT_SECRET or JWT_PUBLIC_KEY']],
    ['a short secret', { JWT_SECRET: 'short-secret-value' }, ['JWT_SECRET must be at least 32 characters']],
    ['a private key', { JWT_PUBLIC_KEY: ec.privateKey }, ['JWT_PUBLIC_KEY holds a private key']],
    ['text that is no key', { JWT_PUBLIC_KEY: 'not-a-key-at-all' }, ['JWT_PUBLIC_KEY is not a PEM public key']],
    [
      'an unreadable key file',
      { JWT_PUBLIC_KEY_FILE: '/nonexistent/secret-dir/key.pem' },
      ['JWT_PUBLIC_KEY_FILE cannot be read (ENOENT)'],
    ],
    ['an EC key on another curve', { JWT_PUBLIC_KEY: pem('ec', { namedCurve: 'P-384' }).publicKey }, ['curve P-256']],
    ['a short RSA key', { JWT_PUBLIC_KEY: pem('rsa', { modulusLength: 1024 }).publicKey }, ['at least 2048 bits']],
    ['an Ed25519 key', { JWT_PUBLIC_KEY: pem('ed25519').publicKey }, ['RSA (RS256) or P-256 EC (ES256)']],
    [
      'an algorithm the key is not for',
      { JWT_PUBLIC_KEY: rsa.publicKey, JWT_ALGORITHM: 'ES256' },
      ['JWT_ALGORITHM does not match JWT_PUBLIC_KEY'],
    ],
    [
      'HS256 asked of a public key',
      { JWT_PUBLIC_KEY: ec.publicKey, JWT_ALGORITHM: 'HS256' },
      ['JWT_ALGORITHM does not match'],
    ],
    ['RS256 asked of a secret', { JWT_SECRET: SECRET, JWT_ALGORITHM: 'RS256' }, ['JWT_ALGORITHM must be HS256']],
    [
      'an unknown algorithm',
      { JWT_SECRET: SECRET, JWT_ALGORITHM: 'none' },
      ['JWT_ALGORITHM must be one of HS256, RS256, ES256'],
    ],
    ['a lifetime too short', { JWT_SECRET: SECRET, JWT_MAX_TTL_SECONDS: '5' }, ['JWT_MAX_TTL_SECONDS']],
  ] as [string, Record<string, string>, string[]][])(
    'refuses %s, naming the variable and no value',
    (_, env, expected) => {
      const message = configError(env);
      for (const text of expected) expect(message).toContain(text);
      for (const value of Object.values(env)) {
        // A key's PEM lines, a secret, a path: none may reach the logs.
        for (const part of value.split('\n').filter((line) => line.length > 8 && !line.startsWith('-----')))
          expect(message).not.toContain(part);
      }
    },
  );
});

const PRODUCTION = {
  ENVIRONMENT: 'production',
  DATABASE_URL: 'postgres://recsys:pw@db/recsys',
  NATS_USER: 'gateway',
  NATS_PASSWORD: 'pw',
};

const problems = (env: Record<string, string>): string[] => configProblems(GatewayConfig, env);

describe('GatewayConfig in production', () => {
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
