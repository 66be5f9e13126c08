/**
 * Stream-parsing of the evaluation inputs (users.jsonl and the interactions CSV) into a compact,
 * columnar dataset. Files can hold millions of lines, so rows go straight into flat arrays, and
 * every malformed line is reported with its file and line number.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { UserView } from '@app/contracts/users/user.types';
import { GENDERS, SWIPE_TYPES, type Gender } from '@app/contracts';
import { type Profile } from '@app/ml/types';
import { InputError } from './errors';

/** Interactions and users of one evaluation, users addressed by dense index 0..n-1. */
export interface Dataset {
  /** Original id string per dense index (users file first, in file order, then CSV order). */
  externalIds: string[];
  /** Id handed to algorithms per dense index: the number itself when every id is numeric. */
  userIds: number[];
  /** True when every id is an integer string, so users.jsonl, the truth and the CSV agree. */
  numericIds: boolean;
  /** Raw users from users.jsonl, or null when none was given. */
  users: UserView[] | null;
  /** Profiles by algorithm-facing user id, or null when no users file was given. */
  profiles: Map<number, Profile> | null;
  /** One interaction per (actor, target) pair: dense actor/target, SWIPE_TYPES index, epoch ms (NaN if absent). */
  actor: Int32Array;
  target: Int32Array;
  type: Uint8Array;
  ts: Float64Array;
  /** Rows read, and rows dropped as earlier duplicates of a pair or as self-swipes. */
  stats: { rows: number; duplicates: number; selfSwipes: number };
}

const CANONICAL_INT = /^-?(0|[1-9]\d{0,15})$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;
const EPOCH_MS = /^-?\d+(\.\d+)?$/;
const REQUIRED_COLUMNS = ['actor_id', 'target_id', 'type'] as const;

/** Lines of a text file with 1-based numbers, read as a stream. */
async function* lines(file: string): AsyncGenerator<[string, number]> {
  const stream = createReadStream(file, { encoding: 'utf8' });
  const rl = createInterface({ input: stream, crlfDelay: Infinity });
  let n = 0;
  try {
    for await (const line of rl) yield [line, ++n];
  } catch (err) {
    throw new InputError(file, null, `cannot read: ${(err as Error).message}`);
  } finally {
    rl.close();
    stream.destroy();
  }
}

/** Splits one CSV line (RFC 4180 quoting, no embedded newlines); null when quotes are unbalanced. */
export function splitCsvLine(line: string): string[] | null {
  if (!line.includes('"')) return line.split(',');
  const out: string[] = [];
  let cur = '';
  let i = 0;
  let quoted = false;
  while (i < line.length) {
    const c = line[i];
    if (quoted && c === '"' && line[i + 1] === '"') {
      cur += '"'; // an escaped quote inside a quoted field
      i += 2;
      continue;
    }
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
    i++;
  }
  if (quoted) return null;
  out.push(cur);
  return out;
}

/** Epoch ms of an ISO 8601 or epoch-milliseconds timestamp, or NaN when it is neither. */
export function parseTimestamp(raw: string): number {
  if (EPOCH_MS.test(raw)) return Number(raw);
  if (!ISO_8601.test(raw)) return NaN;
  return Date.parse(raw.replace(' ', 'T'));
}

/** Assigns dense indices to id strings in first-seen order. */
class IdRegistry {
  readonly ids: string[] = [];
  private readonly byId = new Map<string, number>();
  has(id: string): boolean {
    return this.byId.has(id);
  }
  intern(id: string): number {
    let i = this.byId.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.ids.push(id);
      this.byId.set(id, i);
    }
    return i;
  }
}

const asNumber = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
const asGenders = (v: unknown): Gender[] =>
  Array.isArray(v) ? v.filter((g): g is Gender => GENDERS.includes(g as Gender)) : [...GENDERS];

/** Camel-cased Profile of a users.jsonl record; missing preferences fall back to "anyone". */
export function profileOf(u: UserView, id: number): Profile {
  const p = (u.preferences ?? {}) as Partial<UserView['preferences']>;
  return {
    id,
    age: asNumber(u.age, 0),
    gender: u.gender,
    gendersSought: asGenders(p.genders),
    ageMin: asNumber(p.age_min, 18),
    ageMax: asNumber(p.age_max, 99),
    latitude: typeof u.latitude === 'number' ? u.latitude : null,
    longitude: typeof u.longitude === 'number' ? u.longitude : null,
    maxDistanceKm: typeof p.max_distance_km === 'number' ? p.max_distance_km : null,
    interests: Array.isArray(u.interests) ? u.interests.map(String) : [],
    createdAt: u.created_at ? Date.parse(u.created_at) : 0,
    isActive: u.is_active !== false,
  };
}

async function readUsers(file: string, reg: IdRegistry): Promise<UserView[]> {
  const users: UserView[] = [];
  for await (const [line, n] of lines(file)) {
    if (line.trim() === '') continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch (err) {
      throw new InputError(file, n, `not valid JSON (${(err as Error).message})`);
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec))
      throw new InputError(file, n, 'expected a JSON object');
    const id = (rec as { id?: unknown }).id;
    if (!((typeof id === 'number' && Number.isInteger(id)) || (typeof id === 'string' && id !== '')))
      throw new InputError(file, n, 'missing or invalid "id" (an integer or a non-empty string)');
    const g = (rec as { gender?: unknown }).gender;
    if (!GENDERS.includes(g as Gender))
      throw new InputError(file, n, `invalid "gender" ${JSON.stringify(g)} (expected ${GENDERS.join('|')})`);
    if (reg.has(String(id))) throw new InputError(file, n, `duplicate user id ${String(id)}`);
    reg.intern(String(id));
    users.push(rec as UserView);
  }
  return users;
}

interface RawRows {
  actor: number[];
  target: number[];
  type: number[];
  ts: number[];
}

async function readInteractions(file: string, reg: IdRegistry, requireTimestamp: boolean): Promise<RawRows> {
  const rows: RawRows = { actor: [], target: [], type: [], ts: [] };
  let header: string[] | null = null;
  let col = { actor: -1, target: -1, type: -1, ts: -1 };
  const typeCode = new Map<string, number>(SWIPE_TYPES.map((t, i) => [t, i]));
  for await (const [line, n] of lines(file)) {
    if (header === null) {
      header = (splitCsvLine(line.replace(/^\uFEFF/, '')) ?? []).map((h) => h.trim());
      for (const c of REQUIRED_COLUMNS)
        if (!header.includes(c))
          throw new InputError(file, n, `header lacks column "${c}" (expected actor_id,target_id,type,timestamp)`);
      col = {
        actor: header.indexOf('actor_id'),
        target: header.indexOf('target_id'),
        type: header.indexOf('type'),
        ts: header.indexOf('timestamp'),
      };
      if (requireTimestamp && col.ts < 0)
        throw new InputError(file, n, 'header lacks column "timestamp", which a temporal split needs');
      continue;
    }
    if (line === '') continue;
    const f = splitCsvLine(line);
    if (f === null) throw new InputError(file, n, 'unbalanced quotes');
    if (f.length !== header.length)
      throw new InputError(file, n, `expected ${header.length} columns, found ${f.length}`);
    const a = f[col.actor].trim();
    const t = f[col.target].trim();
    if (a === '') throw new InputError(file, n, 'empty actor_id');
    if (t === '') throw new InputError(file, n, 'empty target_id');
    const code = typeCode.get(f[col.type].trim());
    if (code === undefined)
      throw new InputError(file, n, `unknown type "${f[col.type]}" (expected ${SWIPE_TYPES.join('|')})`);
    const rawTs = col.ts >= 0 ? f[col.ts].trim() : '';
    let ts = NaN;
    if (rawTs !== '') {
      ts = parseTimestamp(rawTs);
      if (Number.isNaN(ts))
        throw new InputError(file, n, `bad timestamp "${rawTs}" (expected ISO 8601 or epoch milliseconds)`);
    } else if (requireTimestamp) throw new InputError(file, n, 'missing timestamp, which a temporal split needs');
    rows.actor.push(reg.intern(a));
    rows.target.push(reg.intern(t));
    rows.type.push(code);
    rows.ts.push(ts);
  }
  if (header === null) throw new InputError(file, 1, 'empty file (expected header actor_id,target_id,type,timestamp)');
  return rows;
}

/**
 * Keeps the last interaction per (actor, target) pair, so a pair never lands on both sides of a
 * split (that would leak the answer into training). "Last" is the latest timestamp when every row
 * has one, else the later line.
 */
function dedupe(rows: RawRows, n: number): Pick<Dataset, 'actor' | 'target' | 'type' | 'ts' | 'stats'> {
  const m = rows.actor.length;
  const allTs = rows.ts.every((x) => !Number.isNaN(x));
  const pairKey = new Float64Array(m);
  for (let i = 0; i < m; i++) pairKey[i] = rows.actor[i] * n + rows.target[i];
  const order = new Uint32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((x, y) => pairKey[x] - pairKey[y] || (allTs ? rows.ts[x] - rows.ts[y] : 0) || x - y);
  const keep: number[] = [];
  let selfSwipes = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k];
    if (k + 1 < m && pairKey[order[k + 1]] === pairKey[i]) continue;
    if (rows.actor[i] === rows.target[i]) selfSwipes++;
    else keep.push(i);
  }
  // Back to file order, so temporal ties and the random split stay stable across runs.
  keep.sort((x, y) => x - y);
  const out = {
    actor: Int32Array.from(keep, (i) => rows.actor[i]),
    target: Int32Array.from(keep, (i) => rows.target[i]),
    type: Uint8Array.from(keep, (i) => rows.type[i]),
    ts: Float64Array.from(keep, (i) => rows.ts[i]),
  };
  return { ...out, stats: { rows: m, duplicates: m - keep.length - selfSwipes, selfSwipes } };
}

/** Reads the users file (optional) and the interactions CSV into a Dataset. */
export async function loadDataset(opts: {
  interactions: string;
  users?: string | null;
  requireTimestamp?: boolean;
}): Promise<Dataset> {
  const reg = new IdRegistry();
  const users = opts.users ? await readUsers(opts.users, reg) : null;
  const rows = await readInteractions(opts.interactions, reg, opts.requireTimestamp ?? false);
  const externalIds = reg.ids;
  const numericIds = externalIds.every((s) => CANONICAL_INT.test(s) && Number.isSafeInteger(Number(s)));
  const userIds = numericIds ? externalIds.map(Number) : externalIds.map((_, i) => i);
  let profiles: Map<number, Profile> | null = null;
  if (users) {
    profiles = new Map();
    // Users come first in the registry, so user i has dense index i.
    users.forEach((u, i) => profiles!.set(userIds[i], profileOf(u, userIds[i])));
  }
  return { externalIds, userIds, numericIds, users, profiles, ...dedupe(rows, externalIds.length) };
}
