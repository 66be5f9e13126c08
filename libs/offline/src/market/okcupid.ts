/**
 * Reads the OkCupid profiles (Kim & Escobedo-Land, JSE 23(2) 2015, revised 2021; CC0) straight
 * from `profiles_revised.csv.zip`. The zip is parsed here with zlib.inflateRaw because the repo
 * takes no new dependencies and `unzip` is not guaranteed on every machine.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { inflateRawSync } from 'node:zlib';

/** The columns of profiles_revised.csv, all kept as text (blank = missing). */
export const OKCUPID_COLUMNS = [
  'age',
  'body_type',
  'diet',
  'drinks',
  'drugs',
  'education',
  'ethnicity',
  'height',
  'income',
  'job',
  'offspring',
  'orientation',
  'pets',
  'religion',
  'sex',
  'sign',
  'smokes',
  'speaks',
  'status',
] as const;
export type OkCupidColumn = (typeof OKCUPID_COLUMNS)[number];
export type OkCupidRow = Record<OkCupidColumn, string>;

/** Where the data set lives by default: data/okcupid/ in the repo. */
export function defaultOkcupidPath(repoRoot: string): string {
  // Copied into the repo (CC0, citation in data/okcupid/README.md) so a fresh clone runs anywhere.
  return resolve(repoRoot, 'data', 'okcupid', 'profiles_revised.csv.zip');
}

/** Extracts the first `.csv` member of a zip archive held in memory. */
export function unzipFirstCsv(zip: Buffer): Buffer {
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes (comment allowance).
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  const entries = zip.readUInt16LE(eocd + 10);
  let p = zip.readUInt32LE(eocd + 16);
  for (let e = 0; e < entries; e++) {
    if (zip.readUInt32LE(p) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(p + 10);
    const compressed = zip.readUInt32LE(p + 20);
    const size = zip.readUInt32LE(p + 24);
    const nameLen = zip.readUInt16LE(p + 28);
    const extraLen = zip.readUInt16LE(p + 30);
    const commentLen = zip.readUInt16LE(p + 32);
    const local = zip.readUInt32LE(p + 42);
    const name = zip.toString('utf8', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (!name.toLowerCase().endsWith('.csv') || name.includes('__MACOSX')) continue;
    if (compressed === 0xffffffff || size === 0xffffffff) throw new Error('zip64 archives are not supported');
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('corrupt zip local header');
    // The local header has its own name/extra lengths, which may differ from the central ones.
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(start, start + compressed);
    const data = method === 0 ? Buffer.from(raw) : method === 8 ? inflateRawSync(raw) : null;
    if (!data) throw new Error(`unsupported zip compression method ${method}`);
    if (data.length !== size) throw new Error(`zip member ${name} inflated to ${data.length} bytes, expected ${size}`);
    return data;
  }
  throw new Error('the zip archive holds no .csv file');
}

/** Parses RFC 4180 CSV (quoted fields may hold commas, doubled quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  const n = text.length;
  let i = 0;
  // Fields are sliced rather than built char by char: the 13 MB file parses in a fraction of a second.
  while (i < n) {
    let field: string;
    if (text.charCodeAt(i) === 34 /* " */) {
      let out = '';
      let from = ++i;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new Error('unterminated quoted CSV field');
        if (text.charCodeAt(q + 1) === 34) {
          out += text.slice(from, q + 1);
          i = from = q + 2;
        } else {
          field = out + text.slice(from, q);
          i = q + 1;
          break;
        }
      }
    } else {
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 44 || c === 10 || c === 13) break;
        j++;
      }
      field = text.slice(i, j);
      i = j;
    }
    row.push(field);
    const c = i < n ? text.charCodeAt(i) : 10;
    i++;
    if (c === 13 && text.charCodeAt(i) === 10) i++;
    if (c !== 44) {
      rows.push(row);
      row = [];
    }
  }
  return rows;
}

const ENTITIES: Record<string, string> = { rsquo: "'", lsquo: "'", amp: '&', quot: '"', lt: '<', gt: '>', apos: "'" };

/** The scrape left HTML entities (`doesn&rsquo;t`) in the text; turn them back into characters. */
function decodeEntities(s: string): string {
  return s.indexOf('&') < 0 ? s : s.replace(/&([a-z]+);/g, (m, name: string) => ENTITIES[name] ?? m);
}

const cache = new Map<string, OkCupidRow[]>();

/** Loads (once per process and path) every profile row; throws a clear error when missing. */
export function loadOkcupid(path: string): OkCupidRow[] {
  const full = resolve(path);
  const hit = cache.get(full);
  if (hit) return hit;
  if (!existsSync(full)) {
    throw new Error(
      `OkCupid profiles not found at ${full}. Pass --okcupid <path to profiles_revised.csv.zip> ` +
        '(see data/okcupid/README.md).',
    );
  }
  const bytes = readFileSync(full);
  const csv = full.toLowerCase().endsWith('.zip') ? unzipFirstCsv(bytes) : bytes;
  const table = parseCsv(csv.toString('utf8'));
  const header = table[0]?.map((h) => h.trim()) ?? [];
  const at = OKCUPID_COLUMNS.map((c) => header.indexOf(c));
  const missing = OKCUPID_COLUMNS.filter((_, i) => at[i] < 0);
  if (missing.length > 0) throw new Error(`${full}: missing OkCupid columns ${missing.join(', ')}`);
  const rows: OkCupidRow[] = [];
  for (let r = 1; r < table.length; r++) {
    const cells = table[r];
    if (cells.length < header.length) continue; // a trailing blank line
    const row = {} as OkCupidRow;
    OKCUPID_COLUMNS.forEach((c, i) => (row[c] = decodeEntities(cells[at[i]].trim())));
    rows.push(row);
  }
  if (rows.length === 0) throw new Error(`${full}: no profile rows`);
  cache.set(full, rows);
  return rows;
}
