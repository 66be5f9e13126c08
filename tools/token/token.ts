import { JwtService } from '@nestjs/jwt';
import { MAX_USER_ID } from '@app/contracts';
import { loadDotEnv } from '@app/common';
import { parseFlags } from '../cli/flags';

const USAGE = 'usage: npm run token -- --sub <user id> [--role user|admin] [--expires-in 1h]';

/** `npm run token`: prints only a bearer token signed with the configured JWT_SECRET. */
function main(): void {
  loadDotEnv();
  const flags = parseFlags(process.argv.slice(2), { values: ['sub', 'role', 'expires-in'] });
  const args = { sub: flags.get('sub'), role: flags.get('role'), 'expires-in': flags.get('expires-in') };
  const secret = process.env.JWT_SECRET;
  if (!secret || secret.length < 32)
    throw new Error('JWT_SECRET is not set (or shorter than 32 characters); run npm start once, or export it');
  if (!args.sub) throw new Error('--sub is required');
  const role = args.role ?? 'user';
  if (role !== 'user' && role !== 'admin') throw new Error('--role must be user or admin');
  if (role === 'user' && (!/^[1-9][0-9]{0,9}$/.test(args.sub) || Number(args.sub) > MAX_USER_ID))
    throw new Error(`--sub must be a user id (an integer from 1 to ${MAX_USER_ID}) for role user`);
  const jwt = new JwtService({ secret });
  const token = jwt.sign(
    { sub: args.sub, role },
    { algorithm: 'HS256', expiresIn: (args['expires-in'] ?? '12h') as never },
  );
  // The gateway refuses a token living longer than JWT_MAX_TTL_SECONDS: do not print one.
  const maxTtl = Number(process.env.JWT_MAX_TTL_SECONDS || 86_400);
  const { exp, iat } = jwt.decode<{ exp: number; iat: number }>(token);
  if (exp - iat > maxTtl)
    throw new Error(`--expires-in is longer than the ${maxTtl} s the gateway accepts (JWT_MAX_TTL_SECONDS)`);
  process.stdout.write(`${token}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
