import { createHmac, generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Algorithm, type SignOptions, sign } from 'jsonwebtoken';
import { api, createUser, tokenFor } from '../support/api';
import { expectStatus } from '../support/expectations';
import { TEST_JWT_SECRET } from '../support/infra';
import { bootFailure, type ExtraGateway, stackAppEnv, startGateway, stopApp } from '../support/stack';

/**
 * Gateways that verify tokens with a public key (ES256 from the variable, RS256 from a file), so
 * they hold nothing that can sign; the issuer and audience checks; and a gateway refusing to
 * start with an ambiguous key, naming the variables and printing no value.
 */

const LOG_DIR = join(__dirname, '..', '..', 'tmp', 'e2e-logs');
const ISSUER = 'https://issuer.e2e.test';
const AUDIENCE = 'recsys-e2e';
const now = () => Math.floor(Date.now() / 1000);
const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const keyPair = (type: 'ec' | 'rsa') =>
  generateKeyPairSync(
    type as 'ec',
    {
      ...(type === 'ec' ? { namedCurve: 'P-256' } : { modulusLength: 2048 }),
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    } as never,
  ) as unknown as { publicKey: string; privateKey: string };

const ec = keyPair('ec');
const rsa = keyPair('rsa');
const otherEc = keyPair('ec');

/** A token signed with `key`, by default with the issuer, audience and an hour to live. */
function signed(
  key: string,
  algorithm: Algorithm,
  claims: Record<string, unknown>,
  options: SignOptions = { issuer: ISSUER, audience: AUDIENCE, expiresIn: '1h' },
): string {
  return sign(claims, key, { algorithm, ...options });
}

/** An HS256 token whose HMAC key is `secret` as bytes: the algorithm-confusion attack when `secret` is a public key. */
function hs256With(secret: string, claims: Record<string, unknown>): string {
  const body = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ iss: ISSUER, aud: AUDIENCE, iat: now(), exp: now() + 3600, ...claims })}`;
  return `${body}.${createHmac('sha256', Buffer.from(secret)).update(body).digest('base64url')}`;
}

const statusOf = async (gateway: ExtraGateway, token: string, path: string) => {
  const res = await api('GET', path, { token, base: gateway.baseUrl });
  return { status: res.status, error: res.body?.error, message: res.body?.message };
};

describe('tokens verified with a public key', () => {
  let dir: string;
  let es256: ExtraGateway;
  let rs256: ExtraGateway;
  let alice: { id: number };
  let own: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'recsys-jwt-keys-'));
    const rsaFile = join(dir, 'issuer-rsa.pem');
    writeFileSync(rsaFile, rsa.publicKey);
    // JWT_SECRET set empty: the gateway must not fall back on a secret (an empty variable is unset).
    const common = {
      JWT_SECRET: '',
      RATE_LIMIT_PER_MINUTE: '0',
      AUTH_FAILURES_PER_MINUTE: '0',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: AUDIENCE,
    };
    [es256, rs256, alice] = await Promise.all([
      startGateway({ ...common, JWT_PUBLIC_KEY: ec.publicKey }, LOG_DIR),
      startGateway({ ...common, JWT_PUBLIC_KEY_FILE: rsaFile, JWT_ALGORITHM: 'RS256' }, LOG_DIR),
      createUser({ name: 'Keyed Alice' }),
    ]);
    own = `/api/v1/users/${alice.id}`;
  });

  afterAll(async () => {
    await Promise.all([es256 && stopApp(es256.child), rs256 && stopApp(rs256.child)]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('ES256: accepts a user token and an admin token signed by the issuer', async () => {
    expect(await statusOf(es256, signed(ec.privateKey, 'ES256', { sub: String(alice.id) }), own)).toMatchObject({
      status: 200,
    });
    const admin = signed(ec.privateKey, 'ES256', { sub: 'backend', role: 'admin' });
    expect(await statusOf(es256, admin, '/api/v1/users/?limit=1')).toMatchObject({ status: 200 });
  });

  it('RS256 (key from a file): accepts a user token and an admin token signed by the issuer', async () => {
    expect(await statusOf(rs256, signed(rsa.privateKey, 'RS256', { sub: alice.id }), own)).toMatchObject({
      status: 200,
    });
    const admin = signed(rsa.privateKey, 'RS256', { sub: 'backend', role: 'admin' });
    expect(await statusOf(rs256, admin, '/api/v1/users/?limit=1')).toMatchObject({ status: 200 });
  });

  const refusedByEs256: [string, () => string][] = [
    [
      'an HS256 token keyed with the public key (algorithm confusion)',
      () => hs256With(ec.publicKey, { sub: String(alice.id) }),
    ],
    ['an HS256 admin token keyed with the public key', () => hs256With(ec.publicKey, { sub: 'x', role: 'admin' })],
    [
      'an HS256 token with the secret of the other gateways',
      () => signed(TEST_JWT_SECRET, 'HS256', { sub: String(alice.id) }),
    ],
    ['an ES256 token signed by another key', () => signed(otherEc.privateKey, 'ES256', { sub: String(alice.id) })],
    [
      'an RS256 token (another issuer, another algorithm)',
      () => signed(rsa.privateKey, 'RS256', { sub: String(alice.id) }),
    ],
    [
      'an unsigned token',
      () =>
        `${b64url({ alg: 'none' })}.${b64url({ sub: String(alice.id), iss: ISSUER, aud: AUDIENCE, exp: now() + 60 })}.`,
    ],
    [
      'a token from another issuer',
      () =>
        signed(
          ec.privateKey,
          'ES256',
          { sub: String(alice.id) },
          { issuer: 'https://evil.test', audience: AUDIENCE, expiresIn: '1h' },
        ),
    ],
    [
      'a token without iss',
      () => signed(ec.privateKey, 'ES256', { sub: String(alice.id) }, { audience: AUDIENCE, expiresIn: '1h' }),
    ],
    [
      'a token for another audience',
      () =>
        signed(
          ec.privateKey,
          'ES256',
          { sub: String(alice.id) },
          { issuer: ISSUER, audience: 'another-api', expiresIn: '1h' },
        ),
    ],
    [
      'a token without aud',
      () => signed(ec.privateKey, 'ES256', { sub: String(alice.id) }, { issuer: ISSUER, expiresIn: '1h' }),
    ],
    [
      'a token without exp',
      () => signed(ec.privateKey, 'ES256', { sub: String(alice.id) }, { issuer: ISSUER, audience: AUDIENCE }),
    ],
    [
      'a token living two days',
      () =>
        signed(
          ec.privateKey,
          'ES256',
          { sub: String(alice.id) },
          { issuer: ISSUER, audience: AUDIENCE, expiresIn: '2d' },
        ),
    ],
    ['a token whose sub is not canonical', () => signed(ec.privateKey, 'ES256', { sub: `0${alice.id}` })],
  ];

  it.each(refusedByEs256)('ES256 gateway refuses %s with 401', async (_, token) => {
    const res = await api('GET', own, { token: token(), base: es256.baseUrl });
    expectStatus(res, 401, 'UNAUTHENTICATED');
  });

  it.each([
    [
      'an HS256 token keyed with the RSA public key (algorithm confusion)',
      () => hs256With(rsa.publicKey, { sub: String(alice.id) }),
    ],
    ['an ES256 token (JWT_ALGORITHM is RS256)', () => signed(ec.privateKey, 'ES256', { sub: String(alice.id) })],
    ['a PS256 token signed with the right RSA key', () => signed(rsa.privateKey, 'PS256', { sub: String(alice.id) })],
    ['an HS256 token with the secret of the other gateways', () => tokenFor(alice.id)],
  ] as [string, () => string][])('RS256 gateway refuses %s with 401', async (_, token) => {
    const res = await api('GET', own, { token: token(), base: rs256.baseUrl });
    expectStatus(res, 401, 'UNAUTHENTICATED');
  });
});

describe('a gateway with an ambiguous key does not start', () => {
  it('names JWT_SECRET and JWT_PUBLIC_KEY, and prints neither value', async () => {
    const secret = 'boot-secret-value-0123456789-0123456789-xyz';
    const env = stackAppEnv({ PORT: '1', JWT_SECRET: secret, JWT_PUBLIC_KEY: ec.publicKey });
    const { code, output } = await bootFailure('gateway', env);
    expect(code).toBe(1);
    expect(output).toContain('JWT_SECRET and JWT_PUBLIC_KEY are both set');
    expect(output).not.toContain(secret);
    for (const line of ec.publicKey.split('\n').filter((l) => l && !l.startsWith('-----')))
      expect(output).not.toContain(line);

    const { code: noKey, output: noKeyOutput } = await bootFailure('gateway', {
      ...env,
      JWT_SECRET: '',
      JWT_PUBLIC_KEY: '',
    });
    expect(noKey).toBe(1);
    expect(noKeyOutput).toContain('JWT_SECRET or JWT_PUBLIC_KEY (or JWT_PUBLIC_KEY_FILE) is required');
  });
});
