import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError, parseMarketArgs } from './args';
import { runMarket } from './main';

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'market-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[]): Promise<{ code: number; log: string; out: string }> {
  let log = '';
  let out = '';
  const code = await runMarket(args, { out: (t) => (out += t), log: (m) => (log += m + '\n') });
  return { code, log, out };
}

describe('parseMarketArgs', () => {
  it('reads flags in both --flag value and --flag=value forms, with defaults', () => {
    expect(parseMarketArgs(['--users', '5000', '--out=/tmp/m'])).toEqual({
      regime: 'app',
      users: 5000,
      seed: 1,
      out: '/tmp/m',
      days: undefined,
      okcupid: undefined,
      quiet: false,
    });
    expect(parseMarketArgs(['--users=1000', '--seed', '9', '--days', '30', '--out', 'x', '--quiet'])).toMatchObject({
      seed: 9,
      days: 30,
      quiet: true,
    });
    expect(parseMarketArgs(['--help'])).toBeNull();
    expect(parseMarketArgs(['--regime', 'events', '--users', '600', '--out', 'x'])).toMatchObject({
      regime: 'events',
      users: 600,
    });
  });

  it.each([
    [['--users', '5000', '--out', 'x', '--colour', 'red'], /unknown option --colour/],
    [['--users', '999', '--out', 'x'], /--users must be between 1000 and 1000000.*got 999/],
    [['--users', '1000001', '--out', 'x'], /--users must be between 1000 and 1000000/],
    [['--users', 'many', '--out', 'x'], /--users must be an integer, got "many"/],
    [['--users', '5000'], /--out is required/],
    [['--out', 'x'], /--users is required/],
    [['--users', '5000', '--out', 'x', '--seed', '-3'], /--seed must be between 0 and 4294967295/],
    [['--users', '5000', '--out', 'x', '--days', '0'], /--days must be between 1/],
    [['--users', '--out', 'x'], /--users needs a value/],
    [
      ['--users', '5000', '--out', 'x', '--okcupid', '/no/such/file.zip'],
      /--okcupid: no file at \/no\/such\/file\.zip/,
    ],
    [['users', '5000'], /unexpected argument "users"/],
    [['--regime', 'bars', '--users', '5000', '--out', 'x'], /--regime must be app or events, got "bars"/],
    [
      ['--regime', 'events', '--users', '99', '--out', 'x'],
      /--users must be between 100 and 200000 for --regime events/,
    ],
  ])('rejects %j', (argv, message) => {
    expect(() => parseMarketArgs(argv)).toThrow(UsageError);
    expect(() => parseMarketArgs(argv)).toThrow(message);
  });
});

describe('market command', () => {
  it('returns 2 with the reason and the usage on bad arguments', async () => {
    const r = await cli(['--users', '10', '--out', dir]);
    expect(r.code).toBe(2);
    expect(r.log).toMatch(/market: --users must be between 1000/);
    expect(r.log).toMatch(/Usage: market/);
  });

  it('writes the three files and reports progress', async () => {
    const out = join(dir, 'm');
    const r = await cli(['--users', '1000', '--seed', '3', '--days', '20', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.log).toMatch(/market: day 20\/20: .* swipes/);
    const summary = JSON.parse(r.out) as { users: number; interactions: number; peakRssMb: number };
    expect(summary.users).toBe(1000);
    expect(summary.interactions).toBeGreaterThan(1000);
    expect(summary.peakRssMb).toBeGreaterThan(10);
    for (const f of ['users.jsonl', 'interactions.csv', 'truth.json']) expect(existsSync(join(out, f))).toBe(true);
    expect(readFileSync(join(out, 'users.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1000);
  }, 30_000);

  it('writes an events market with --regime events', async () => {
    const out = join(dir, 'events');
    const r = await cli(['--regime', 'events', '--users', '300', '--seed', '2', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as { users: number; interactions: number; events: number };
    expect(summary.users).toBe(300);
    expect(summary.events).toBeGreaterThanOrEqual(6);
    expect(summary.interactions).toBeGreaterThanOrEqual(300 * 10);
    expect(readFileSync(join(out, 'users.jsonl'), 'utf8').trim().split('\n')).toHaveLength(300);
  }, 30_000);

  it('exits with code 2 as a real process', () => {
    const r = spawnSync(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-r',
        'tsconfig-paths/register',
        'tools/market/main.ts',
        '--users',
        '5000',
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.stderr).toMatch(/--out is required/);
    expect(r.status).toBe(2);
  }, 60_000);
});
