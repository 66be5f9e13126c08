import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from './main';

const ROOT = resolve(__dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'evaluate-cli-'));
const write = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** Runs the command in this process (a child process per case would cost seconds each). */
async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Runs the real command in a child process, as `npm run evaluate` would. */
function spawnCli(args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'tools/evaluate/main.ts', ...args],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const user = (id: number, gender: string): string =>
  JSON.stringify({
    id,
    name: `u${id}`,
    age: 30,
    gender,
    interests: [],
    latitude: null,
    longitude: null,
    preferences: { genders: ['female', 'male'], age_min: 18, age_max: 99, max_distance_km: null },
    is_active: true,
  });
const USERS = write(
  'users.jsonl',
  [1, 2, 3, 4, 5, 6].map((id) => user(id, id % 2 ? 'female' : 'male')).join('\n') + '\n',
);
// Ten swipes in time order; a temporal split with fraction 0.2 holds out the last two (1->3 like, 1->5 dislike).
const CSV = write(
  'interactions.csv',
  [
    'actor_id,target_id,type,timestamp',
    '1,2,like,2024-01-01T00:00:00Z',
    '3,2,like,2024-01-02T00:00:00Z',
    '4,2,super_like,2024-01-03T00:00:00Z',
    '5,3,like,1704499200000',
    '6,3,like,2024-01-06T00:00:00Z',
    '1,4,dislike,2024-01-07T00:00:00Z',
    '2,1,like,2024-01-08T00:00:00Z',
    '3,1,like,2024-01-09T00:00:00Z',
    '1,3,like,2024-01-10T00:00:00Z',
    '1,5,dislike,2024-01-11T00:00:00Z',
  ].join('\n') + '\n',
);

describe('evaluate command', () => {
  it('prints the table and writes JSON and SVG with hand-checkable figures (as a child process)', () => {
    const out = join(dir, 'res', 'results.json');
    const r = spawnCli([
      '--interactions',
      CSV,
      '--users',
      USERS,
      '--split',
      'temporal',
      '--test-fraction',
      '0.2',
      '--k',
      '1,2',
      '--algorithms',
      'popularity,itemknn,random',
      '--out',
      out,
      '--quiet',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^popularity\s+1\.0000\s+1\.0000\s+1\.0000\s+1\.0000\s+1\.0000\s+0\.1667\s+0\.8333\s*$/m);
    expect(r.stdout).toContain('Evaluated all 1 actors with held-out likes.');
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.parameters).toMatchObject({
      split: 'temporal',
      testFraction: 0.2,
      ks: [1, 2],
      seed: 42,
      algorithms: ['popularity', 'itemknn', 'random'],
    });
    expect(json.data).toMatchObject({
      users: 6,
      trainInteractions: 8,
      testInteractions: 2,
      actorsEvaluated: 1,
      sampled: false,
    });
    // Actor 1 ranks {3, 5, 6} (2 and 4 were swiped in training); popularity: 3 -> 2 likes, 5 and 6 -> 0.
    const pop = json.results.find((x: { algorithm: string }) => x.algorithm === 'popularity').metrics;
    expect(pop['precision@2']).toBeCloseTo(0.5, 12);
    expect(pop['recall@2']).toBeCloseTo(1, 12);
    expect(pop['mutual_precision@1']).toBeCloseTo(1, 12); // 3 liked 1 in training: a match
    expect(pop['mutual_precision@2']).toBeCloseTo(0.5, 12);
    expect(pop['coverage@2']).toBeCloseTo(2 / 6, 12);
    expect(pop['gini@2']).toBeCloseTo(2 / 3, 12);
    expect(pop.auc).toBe(1);
    const svg = readFileSync(join(dir, 'res', 'results.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    for (const name of ['popularity', 'itemknn', 'random', 'nDCG @1', 'exposure Gini @2']) expect(svg).toContain(name);
  }, 60_000);

  it('handles string ids and a random split without timestamps', async () => {
    const csv = write(
      'strings.csv',
      'target_id,actor_id,type\n' +
        Array.from({ length: 40 }, (_, i) => `"u${i % 7}",u${(i * 3 + 1) % 5},${i % 3 ? 'like' : 'dislike'}`).join(
          '\n',
        ) +
        '\n',
    );
    const chart = join(dir, 'strings.svg');
    const r = await cli(['--interactions', csv, '--k', '3', '--seed', '7', '--chart', chart]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^itemknn\s/m);
    expect(existsSync(chart)).toBe(true);
    expect(r.stderr).toContain('[evaluate] scored');
  }, 60_000);

  it.each([
    [
      'an unknown swipe type',
      'actor_id,target_id,type,timestamp\n1,2,like,1\n1,3,poke,2\n',
      [],
      /bad\.csv:3: unknown type "poke"/,
    ],
    [
      'a wrong column count',
      'actor_id,target_id,type,timestamp\n1,2,like\n',
      [],
      /bad\.csv:2: expected 4 columns, found 3/,
    ],
    [
      'a missing timestamp in a temporal split',
      'actor_id,target_id,type,timestamp\n1,2,like,1\n1,3,like,\n',
      ['--split', 'temporal'],
      /bad\.csv:3: missing timestamp/,
    ],
  ])(
    'exits 2 naming the line for %s',
    async (_what, text, extra, message) => {
      const r = await cli(['--interactions', write('bad.csv', text), ...extra]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    },
    60_000,
  );

  it('sets exit code 2 in a real process for malformed input', () => {
    const r = spawnCli(['--interactions', write('bad2.csv', 'actor_id,target_id,type\n1,,like\n')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad2\.csv:2: empty target_id/);
  }, 60_000);

  it('exits 2 naming the line of a users file that is not JSON', async () => {
    const r = await cli(['--interactions', CSV, '--users', write('bad.jsonl', `${user(1, 'male')}\nnot json\n`)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
  }, 60_000);

  it('exits 2 with usage for bad arguments', async () => {
    expect((await cli(['--interactions', CSV, '--bogus', '1'])).stderr).toMatch(
      /unknown option --bogus[\s\S]*Usage: evaluate/,
    );
    const r = await cli(['--interactions', CSV, '--algorithms', 'random,nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown algorithm\(s\) nope/);
    expect((await cli(['--k', '10'])).code).toBe(2);
    expect((await cli(['--interactions', CSV, '--truth', 'x.json'])).stderr).toMatch(/--truth needs --users/);
  }, 60_000);
});
