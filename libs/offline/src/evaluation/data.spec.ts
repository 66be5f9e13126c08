import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDataset, parseTimestamp, splitCsvLine } from './data';
import { InputError } from './errors';

const dir = mkdtempSync(join(tmpdir(), 'eval-data-'));
let fileNo = 0;
const file = (text: string): string => {
  const p = join(dir, `f${fileNo++}`);
  writeFileSync(p, text);
  return p;
};
const HEADER = 'actor_id,target_id,type,timestamp\n';
const user = (id: number | string, extra = ''): string =>
  `{"id":${JSON.stringify(id)},"name":"u","age":30,"gender":"female","preferences":{"genders":["male"],"age_min":25,"age_max":40,"max_distance_km":null}${extra}}`;

/** The InputError thrown by loading, so tests can check its file and line. */
async function failure(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
  throw new Error('expected an InputError');
}

describe('CSV helpers', () => {
  it('splits quoted fields', () => {
    expect(splitCsvLine('a,b,c')).toEqual(['a', 'b', 'c']);
    expect(splitCsvLine('"x,y","say ""hi""",z')).toEqual(['x,y', 'say "hi"', 'z']);
    expect(splitCsvLine('"open,b')).toBeNull();
  });

  it('parses ISO 8601 and epoch milliseconds, rejects the rest', () => {
    expect(parseTimestamp('2024-01-02T03:04:05Z')).toBe(Date.UTC(2024, 0, 2, 3, 4, 5));
    expect(parseTimestamp('2024-01-02T03:04:05.250+01:00')).toBe(Date.UTC(2024, 0, 2, 2, 4, 5, 250));
    expect(parseTimestamp('1704164645000')).toBe(1704164645000);
    expect(parseTimestamp('yesterday')).toBeNaN();
    expect(parseTimestamp('2024-13-45T00:00:00Z')).toBeNaN();
  });
});

describe('loadDataset', () => {
  it('maps string ids to dense indices and keeps numeric ids as they are', async () => {
    const s = await loadDataset({ interactions: file(HEADER + 'ann,bo,like,\nbo,cy,dislike,\n') });
    expect(s.numericIds).toBe(false);
    expect(s.externalIds).toEqual(['ann', 'bo', 'cy']);
    expect(s.userIds).toEqual([0, 1, 2]);
    const n = await loadDataset({
      users: file(`${user(7)}\n${user(3)}\n`),
      interactions: file(HEADER + '3,12,like,\n'),
    });
    expect(n.numericIds).toBe(true);
    expect(n.userIds).toEqual([7, 3, 12]);
    expect(n.profiles?.get(7)).toMatchObject({
      id: 7,
      gender: 'female',
      gendersSought: ['male'],
      ageMin: 25,
      ageMax: 40,
    });
    expect(Array.from(n.actor)).toEqual([1]);
    expect(Array.from(n.target)).toEqual([2]);
  });

  it('keeps the latest interaction of a repeated pair and drops self-swipes', async () => {
    const d = await loadDataset({
      interactions: file(
        HEADER +
          'a,b,block,2024-01-03T00:00:00Z\na,b,like,2024-01-01T00:00:00Z\na,a,like,2024-01-01T00:00:00Z\nb,a,like,2024-01-02T00:00:00Z\n',
      ),
    });
    expect(d.stats).toEqual({ rows: 4, duplicates: 1, selfSwipes: 1 });
    expect(Array.from(d.type)).toEqual([3, 0]); // block (the later one) wins over like
  });

  it('allows a missing timestamp column for a random split but not for a temporal one', async () => {
    const p = file('actor_id,target_id,type\na,b,like\n');
    expect((await loadDataset({ interactions: p })).ts[0]).toBeNaN();
    const e = await failure(loadDataset({ interactions: p, requireTimestamp: true }));
    expect(e.line).toBe(1);
    const e2 = await failure(
      loadDataset({ interactions: file(HEADER + 'a,b,like,1\na,c,like,\n'), requireTimestamp: true }),
    );
    expect(e2.message).toMatch(/:3: missing timestamp/);
  });

  it.each([
    ['a missing header column', 'actor_id,type,timestamp\na,like,1\n', 1, /lacks column "target_id"/],
    ['an unknown type', HEADER + 'a,b,like,1\na,c,wink,2\n', 3, /unknown type "wink"/],
    ['a bad timestamp', HEADER + 'a,b,like,1\n\na,c,like,not-a-date\n', 4, /bad timestamp "not-a-date"/],
    ['an empty actor id', HEADER + ',b,like,1\n', 2, /empty actor_id/],
    ['an empty target id', HEADER + 'a, ,like,1\n', 2, /empty target_id/],
    ['too many columns', HEADER + 'a,b,like,1\na,b,like,1,extra\n', 3, /expected 4 columns, found 5/],
    ['too few columns', HEADER + 'a,b,like\n', 2, /expected 4 columns, found 3/],
    ['an empty file', '', 1, /empty file/],
  ])('names the file and line of %s', async (_what, text, line, reason) => {
    const p = file(text);
    const e = await failure(loadDataset({ interactions: p }));
    expect(e.file).toBe(p);
    expect(e.line).toBe(line);
    expect(e.message).toContain(`${p}:${line}:`);
    expect(e.message).toMatch(reason);
  });

  it.each([
    ['a line that is not JSON', `${user(1)}\n{"id": 2,\n`, 2, /not valid JSON/],
    ['a record without id', `${user(1)}\n\n{"gender":"male"}\n`, 3, /missing or invalid "id"/],
    ['an unknown gender', `${user(1)}\n${user(2).replace('"female"', '"robot"')}\n`, 2, /invalid "gender"/],
    ['a duplicate id', `${user(1)}\n${user(1)}\n`, 2, /duplicate user id 1/],
  ])('names the line of a users file with %s', async (_what, text, line, reason) => {
    const p = file(text);
    const e = await failure(loadDataset({ users: p, interactions: file(HEADER + '1,2,like,1\n') }));
    expect(e.message).toContain(`${p}:${line}:`);
    expect(e.message).toMatch(reason);
  });

  it('reports a missing file as an input error', async () => {
    const e = await failure(loadDataset({ interactions: join(dir, 'nope.csv') }));
    expect(e.message).toMatch(/nope\.csv: cannot read/);
  });
});
