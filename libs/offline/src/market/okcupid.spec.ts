import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { findRepoRoot } from './generate';
import { OKCUPID_COLUMNS, defaultOkcupidPath, loadOkcupid, parseCsv, unzipFirstCsv } from './okcupid';

const dir = mkdtempSync(join(tmpdir(), 'market-okc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal zip (one deflated member, optionally after a stored one), as `zip` would write it. */
function makeZip(members: { name: string; data: Buffer; deflate: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const body = m.deflate ? deflateRawSync(m.data) : m.data;
    const name = Buffer.from(m.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(m.deflate ? 8 : 0, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(m.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(m.deflate ? 8 : 0, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(m.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('parseCsv', () => {
  it('handles quoted commas, doubled quotes, newlines inside quotes and CRLF', () => {
    expect(parseCsv('a,"b,""c""\nd",e\r\n1,,3\n"x"')).toEqual([['a', 'b,"c"\nd', 'e'], ['1', '', '3'], ['x']]);
    expect(parseCsv('h1,h2\n')).toEqual([['h1', 'h2']]);
    expect(() => parseCsv('"open')).toThrow(/unterminated/);
  });
});

describe('unzipFirstCsv', () => {
  it('inflates the first .csv member, skipping others', () => {
    const csv = Buffer.from('age,sex\n30,m\n'.repeat(50));
    const zip = makeZip([
      { name: 'readme.txt', data: Buffer.from('hello'), deflate: false },
      { name: 'profiles.csv', data: csv, deflate: true },
    ]);
    expect(unzipFirstCsv(zip).equals(csv)).toBe(true);
  });

  it('explains what is wrong with files that are not usable zips', () => {
    expect(() => unzipFirstCsv(Buffer.from('not a zip at all, just some text that is long enough'))).toThrow(
      /not a zip/,
    );
    expect(() => unzipFirstCsv(makeZip([{ name: 'a.txt', data: Buffer.from('x'), deflate: true }]))).toThrow(
      /no \.csv/,
    );
  });
});

describe('loadOkcupid', () => {
  it('reads the 59,946 real profiles with every codebook column and decoded entities', () => {
    const rows = loadOkcupid(defaultOkcupidPath(findRepoRoot()));
    expect(rows).toHaveLength(59946);
    expect(Object.keys(rows[0]).sort()).toEqual([...OKCUPID_COLUMNS].sort());
    expect(rows.filter((r) => r.sex === 'm').length / rows.length).toBeCloseTo(0.598, 2);
    expect(rows.some((r) => r.offspring.includes("doesn't have kids"))).toBe(true);
    expect(rows.some((r) => r.offspring.includes('&rsquo;'))).toBe(false);
    expect(rows.every((r) => ['straight', 'gay', 'bisexual'].includes(r.orientation))).toBe(true);
  });

  it('reads a plain CSV too and names missing columns', () => {
    const header = OKCUPID_COLUMNS.join(',');
    const good = join(dir, 'ok.csv');
    writeFileSync(
      good,
      `${header}\n${OKCUPID_COLUMNS.map((c) => (c === 'age' ? '29' : c === 'sex' ? 'f' : '')).join(',')}\n`,
    );
    expect(loadOkcupid(good)).toEqual([expect.objectContaining({ age: '29', sex: 'f', diet: '' })]);
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'age,sex\n30,m\n');
    expect(() => loadOkcupid(bad)).toThrow(/missing OkCupid columns body_type/);
    expect(() => loadOkcupid(join(dir, 'missing.zip'))).toThrow(/OkCupid profiles not found/);
  });
});
