import { JwtService } from '@nestjs/jwt';
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
  if (role === 'user' && !/^[1-9][0-9]*$/.test(args.sub))
    throw new Error('--sub must be a user id (positive integer) for role user');
  const token = new JwtService({ secret }).sign(
    { sub: args.sub, role },
    { algorithm: 'HS256', expiresIn: (args['expires-in'] ?? '12h') as never },
  );
  process.stdout.write(`${token}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
