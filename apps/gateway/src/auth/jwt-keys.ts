import { createPublicKey, createSecretKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The algorithms the gateway verifies: a shared secret (HS256) or a public key (RS256, ES256). */
export const JWT_ALGORITHMS = ['HS256', 'RS256', 'ES256'] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/** The settings that choose the verification key. */
export interface JwtKeySettings {
  JWT_SECRET?: string;
  JWT_PUBLIC_KEY?: string;
  JWT_PUBLIC_KEY_FILE?: string;
  JWT_ALGORITHM?: JwtAlgorithm;
}

/** The one key tokens are verified with, and the one algorithm accepted (no other `alg` passes). */
export interface JwtVerificationKey {
  key: KeyObject;
  algorithm: JwtAlgorithm;
}

const MIN_RSA_BITS = 2048;

/**
 * The verification key from exactly one of JWT_SECRET (HS256), JWT_PUBLIC_KEY (a PEM in the
 * variable, `\n` escapes allowed) or JWT_PUBLIC_KEY_FILE (a PEM file). A public key's type gives
 * the algorithm: RSA → RS256, EC on P-256 → ES256; JWT_ALGORITHM, when set, must agree. With a
 * public key the gateway holds nothing that can sign. Problems name the variables, never a value.
 */
export function resolveJwtKey(
  s: JwtKeySettings,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): JwtVerificationKey | string[] {
  const hasSecret = s.JWT_SECRET !== undefined;
  const hasPem = s.JWT_PUBLIC_KEY !== undefined;
  const hasFile = s.JWT_PUBLIC_KEY_FILE !== undefined;
  if (hasPem && hasFile) return ['JWT_PUBLIC_KEY and JWT_PUBLIC_KEY_FILE are both set: set one of them'];
  if (hasSecret && (hasPem || hasFile)) {
    const other = hasPem ? 'JWT_PUBLIC_KEY' : 'JWT_PUBLIC_KEY_FILE';
    return [
      `JWT_SECRET and ${other} are both set: tokens are verified with one key, either a shared secret (HS256) ` +
        'or a public key (RS256, ES256)',
    ];
  }
  if (!hasSecret && !hasPem && !hasFile)
    return [
      'JWT_SECRET or JWT_PUBLIC_KEY (or JWT_PUBLIC_KEY_FILE) is required: the HS256 secret of bearer tokens, or the ' +
        'PEM public key of an RS256 or ES256 issuer; npm start writes a random JWT_SECRET to .env',
    ];
  if (hasSecret) {
    // Its length is checked by GatewayConfig's decorators.
    if (s.JWT_ALGORITHM !== undefined && s.JWT_ALGORITHM !== 'HS256')
      return ['JWT_ALGORITHM must be HS256 (or unset) with JWT_SECRET; RS256 and ES256 need JWT_PUBLIC_KEY'];
    return { key: createSecretKey(Buffer.from(s.JWT_SECRET!)), algorithm: 'HS256' };
  }
  const variable = hasPem ? 'JWT_PUBLIC_KEY' : 'JWT_PUBLIC_KEY_FILE';
  let pem: string;
  if (hasPem) pem = s.JWT_PUBLIC_KEY!.replace(/\\n/g, '\n');
  else {
    try {
      pem = readFile(s.JWT_PUBLIC_KEY_FILE!);
    } catch (err) {
      return [`JWT_PUBLIC_KEY_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`];
    }
  }
  if (/PRIVATE KEY/.test(pem))
    return [`${variable} holds a private key: give the gateway the public key only, so it cannot sign tokens`];
  let key: KeyObject;
  try {
    key = createPublicKey(pem);
  } catch {
    return [`${variable} is not a PEM public key (-----BEGIN PUBLIC KEY----- or a certificate)`];
  }
  const algorithm = algorithmOf(key);
  if (typeof algorithm !== 'string') return [`${variable}: ${algorithm.problem}`];
  if (s.JWT_ALGORITHM !== undefined && s.JWT_ALGORITHM !== algorithm)
    return [`JWT_ALGORITHM does not match ${variable}, whose key is for ${algorithm}`];
  return { key, algorithm };
}

function algorithmOf(key: KeyObject): JwtAlgorithm | { problem: string } {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    if ((details.modulusLength ?? 0) < MIN_RSA_BITS)
      return { problem: `an RSA key must have at least ${MIN_RSA_BITS} bits` };
    return 'RS256';
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve !== 'prime256v1') return { problem: 'an EC key must be on curve P-256 (ES256)' };
    return 'ES256';
  }
  return { problem: 'must be an RSA (RS256) or P-256 EC (ES256) public key' };
}
