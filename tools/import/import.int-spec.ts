import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { Subjects } from '@app/contracts';
import { generateMarket } from '@app/offline/market/generate';
import { dropDatabase, freshDatabase } from '../../test/support/infra';

const ROOT = join(__dirname, '..', '..');

/** Runs the compiled `npm run import` CLI against `databaseUrl`. */
function runImport(databaseUrl: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'run-dist.js'), 'dist/tools/import/main.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run import', () => {
  const name = `recsys_test_import_${process.pid}`;
  let url: string;
  let db: Client;
  let dir: string;
  let market: Awaited<ReturnType<typeof generateMarket>>;

  beforeAll(async () => {
    url = await freshDatabase(name);
    db = new Client({ connectionString: url });
    await db.connect();
    dir = mkdtempSync(join(tmpdir(), 'recsys-import-'));
    market = await generateMarket({ users: 300, seed: 11, outDir: dir });
  }, 60_000);
  afterAll(async () => {
    await db?.end();
    await dropDatabase(name);
  });

  const counts = async () => {
    const u = await db.query('SELECT count(*)::int AS n FROM users');
    const i = await db.query('SELECT count(*)::int AS n FROM interactions');
    return { users: u.rows[0].n, interactions: i.rows[0].n };
  };

  /** The table's indexes and constraints, as the migrations made them. */
  const schemaOfInteractions = async () => ({
    indexes: (
      await db.query(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'interactions' ORDER BY indexname`)
    ).rows,
    constraints: (
      await db.query(
        `SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conrelid = 'interactions'::regclass ORDER BY conname`,
      )
    ).rows,
  });

  it('loads a generated market, keeping ids and times, and announces it once', async () => {
    const schema = await schemaOfInteractions();
    expect(schema.indexes.length).toBeGreaterThan(3);
    // Into the empty table: indexes and foreign keys dropped, rebuilt in one pass each, all as before.
    const r = runImport(url, ['--users', market.files.users, '--interactions', market.files.interactions]);
    expect(await schemaOfInteractions()).toEqual(schema);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.code).toBe(0);
    expect(await counts()).toEqual({ users: 300, interactions: market.interactions });
    const first = JSON.parse(readFileSync(market.files.users, 'utf8').split('\n')[0]);
    const { rows } = await db.query('SELECT name, created_at FROM users WHERE id = $1', [first.id]);
    expect(rows[0]).toEqual({ name: first.name, created_at: new Date(first.created_at) });
    const events = await db.query(`SELECT payload FROM outbox_events WHERE subject = $1`, [
      Subjects.events.bulkImported,
    ]);
    expect(events.rows).toEqual([{ payload: { users: 300, interactions: market.interactions } }]);
  });

  it('is safe to run again: nothing is duplicated, and new users get fresh ids', async () => {
    const r = runImport(url, ['--users', market.files.users, '--interactions', market.files.interactions]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/users 0\/300 new, interactions 0\/\d+ new/);
    expect(await counts()).toEqual({ users: 300, interactions: market.interactions });
    const next = await db.query(
      `INSERT INTO users (name, age, gender, pref_genders, pref_age_min, pref_age_max) VALUES ('n', 30, 'male', '{female}', 20, 40) RETURNING id`,
    );
    expect(next.rows[0].id).toBe(301);
    await db.query('DELETE FROM users WHERE id = 301');
  });

  it('rejects malformed users files naming each bad line, and imports nothing at all', async () => {
    const users = join(dir, 'bad-users.jsonl');
    const good = (id: number) => JSON.stringify({ id, name: `N${id}`, age: 30, gender: 'female' });
    writeFileSync(
      users,
      [
        good(1001),
        '{"id": 1002, "name": ',
        good(1003),
        JSON.stringify({ id: 1004, name: 'Kid', age: 15, gender: 'female' }),
        JSON.stringify({ id: 1005, name: 'X', age: 30, gender: 'female', shoe_size: 9 }),
      ].join('\n'),
    );
    const before = await counts();
    const r = runImport(url, ['--users', users, '--interactions', market.files.interactions]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad-users.jsonl:2: not valid JSON');
    expect(r.stderr).toMatch(/bad-users\.jsonl:4: age: age must be at least 18/);
    expect(r.stderr).toMatch(/bad-users\.jsonl:5: shoe_size: unknown field/);
    expect(r.stderr).toContain('nothing was imported');
    expect(await counts()).toEqual(before);
  });

  it('rejects malformed interaction files naming the line, and imports nothing at all', async () => {
    let n = 0;
    const csv = (rows: string[]) => {
      const f = join(dir, `bad-${n++}.csv`);
      writeFileSync(f, rows.join('\n'));
      return f;
    };
    const users = join(dir, 'two-users.jsonl');
    writeFileSync(
      users,
      [2001, 2002].map((id) => JSON.stringify({ id, name: `P${id}`, age: 33, gender: 'male' })).join('\n'),
    );
    const before = await counts();
    const cases: Array<[string, RegExp]> = [
      [csv(['actor,target,kind,when', '2001,2002,like,']), /:1: header must be "actor_id,target_id,type,timestamp"/],
      [
        csv(['actor_id,target_id,type,timestamp', '2001,2002,like,', '2002,2001,wink,']),
        /:3: type must be one of like, super_like, dislike, block, got "wink"/,
      ],
      [csv(['actor_id,target_id,type,timestamp', '2001,2001,like,']), /:2: actor_id and target_id are the same user/],
      [csv(['actor_id,target_id,type,timestamp', '2001,2002,like,yesterday']), /:2: timestamp must be ISO 8601/],
      [csv(['actor_id,target_id,type,timestamp', '2001,abc,like,']), /:2: target_id must be a positive integer/],
      [csv(['actor_id,target_id,type,timestamp', '2001,2002,like', '2002,2001,like,,']), /:2: expected 4 columns/],
      [
        csv(['actor_id,target_id,type,timestamp', '2001,2002,like,', '2001,999999,like,']),
        /:3: target_id 999999 is not a known user/,
      ],
    ];
    for (const [file, message] of cases) {
      const r = runImport(url, ['--users', users, '--interactions', file]);
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 2, stderr: expect.stringMatching(message) });
    }
    expect(await counts()).toEqual(before);
  }, 180_000);

  it('into an empty table keeps the first of a repeated pair, in file order, as the row-by-row path does', async () => {
    const name2 = `${name}_repeats`;
    const url2 = await freshDatabase(name2);
    try {
      const users = join(dir, 'three-users.jsonl');
      writeFileSync(
        users,
        [3001, 3002, 3003].map((id) => JSON.stringify({ id, name: `Q${id}`, age: 30, gender: 'male' })).join('\n'),
      );
      const rows = [
        'actor_id,target_id,type,timestamp',
        '3001,3002,like,2026-01-01T00:00:00Z',
        '3002,3001,dislike,2026-01-01T00:01:00Z',
        '3001,3002,dislike,2026-01-01T00:02:00Z', // repeats the pair: the first (like) wins
        '3001,3002,block,2026-01-01T00:03:00Z', // a block is another kind: kept
        '3003,3001,super_like,2026-01-01T00:04:00Z',
      ];
      const file = join(dir, 'repeats.csv');
      writeFileSync(file, rows.join('\n'));
      const r = runImport(url2, ['--users', users, '--interactions', file]);
      expect({ code: r.code, stdout: r.stdout }).toEqual({
        code: 0,
        stdout: expect.stringMatching(/interactions 4\/5 new/),
      });
      const c = new Client({ connectionString: url2 });
      await c.connect();
      try {
        const stored = await c.query('SELECT actor_id, target_id, type FROM interactions ORDER BY id');
        expect(stored.rows).toEqual([
          { actor_id: 3001, target_id: 3002, type: 'like' },
          { actor_id: 3002, target_id: 3001, type: 'dislike' },
          { actor_id: 3001, target_id: 3002, type: 'block' },
          { actor_id: 3003, target_id: 3001, type: 'super_like' },
        ]);
        // The unique index is back: a second swipe on the pair is refused as before.
        await expect(
          c.query(`INSERT INTO interactions (actor_id, target_id, type) VALUES (3001, 3002, 'dislike')`),
        ).rejects.toMatchObject({ code: '23505' });
      } finally {
        await c.end();
      }
    } finally {
      await dropDatabase(name2);
    }
  });

  it('explains bad arguments', () => {
    const r = runImport(url, ['--userz', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown option --userz');
    const missing = runImport(url, ['--users', join(dir, 'nope.jsonl')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.jsonl:0: file not found/);
  });
});
