import { JwtService } from '@nestjs/jwt';
import { loadDotEnv } from '@app/common';

const USAGE = 'usage: npm run token -- --sub <user id> [--role user|admin] [--expires-in 1h]';

/** Parses `--flag value` pairs; rejects unknown flags. */
function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (!['--sub', '--role', '--expires-in'].includes(flag) || value === undefined) throw new Error(`unexpected argument "${flag}"\n${USAGE}`);
    out[flag.slice(2)] = value;
  }
  return out;
}

/** `npm run token`: prints only a bearer token signed with the configured JWT_SECRET. */
function main(): void {
  loadDotEnv();
  const args = parseArgs(process.argv.slice(2));
  const secret = process.env.JWT_SECRET;
  if (!secret || secret.length < 32) throw new Error('JWT_SECRET is not set (or shorter than 32 characters); run npm start once, or export it');
  if (!args.sub) throw new Error(`--sub is required\n${USAGE}`);
  const role = args.role ?? 'user';
  if (role !== 'user' && role !== 'admin') throw new Error('--role must be user or admin');
  if (role === 'user' && !/^[1-9][0-9]*$/.test(args.sub)) throw new Error('--sub must be a user id (positive integer) for role user');
  const token = new JwtService({ secret }).sign({ sub: args.sub, role }, { algorithm: 'HS256', expiresIn: (args['expires-in'] ?? '12h') as never });
  process.stdout.write(`${token}\n`);
}

try {
  main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(2);
}
