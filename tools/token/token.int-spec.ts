import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { verify } from 'jsonwebtoken';

const ROOT = join(__dirname, '..', '..');
const SECRET = 'token-tool-test-secret-0123456789abcdef';

/** Runs the compiled `npm run token` with JWT_SECRET set (null: unset), outside the repo so no .env is read. */
function token(args: string[], secret: string | null = SECRET) {
  const env = { ...process.env, JWT_SECRET: secret ?? '' } as Record<string, string>;
  if (secret === null) delete env.JWT_SECRET;
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-dist.js'), 'dist/tools/token/token.js', ...args], {
    cwd: '/tmp',
    env,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run token', () => {
  it('prints only a token signed with JWT_SECRET, carrying sub and role', () => {
    const r = token(['--sub', '42', '--role', 'admin', '--expires-in', '5m']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const claims = verify(r.stdout.trim(), SECRET, { algorithms: ['HS256'] }) as {
      sub: string;
      role: string;
      exp: number;
      iat: number;
    };
    expect(claims).toMatchObject({ sub: '42', role: 'admin' });
    expect(claims.exp - claims.iat).toBe(300);
  });

  it('defaults to role user', () => {
    const claims = verify(token(['--sub', '7']).stdout.trim(), SECRET) as { role: string };
    expect(claims.role).toBe('user');
  });

  it.each([
    [['--role', 'user'], '--sub is required'],
    [['--sub', 'abc'], '--sub must be a user id'],
    [['--sub', '1', '--role', 'root'], '--role must be user or admin'],
    [['--sub', '1', '--colour', 'red'], 'unknown option --colour'],
    [['--sub', '2147483648'], '--sub must be a user id'],
    [['--sub', '1', '--expires-in', '2d'], '--expires-in is longer than the 86400 s the gateway accepts'],
  ])('refuses %j with a clear message and exit code 2', (args, message) => {
    const r = token(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('refuses to sign without a secret', () => {
    const r = token(['--sub', '1'], null);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('JWT_SECRET is not set');
  });
});
