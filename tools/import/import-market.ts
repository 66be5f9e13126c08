import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { Subjects } from '@app/contracts';
import { InputError, InputErrors, readLines } from './line-reader';
import { checkInteractionsHeader, interactionCsvRow } from './parse-interactions';
import { USER_COLUMNS, userCsvRow } from './parse-users';

/** At most this many problems are collected before giving up on a file. */
const MAX_REPORTED = 20;
const COPY_CHUNK_ROWS = 1000;

export interface ImportOptions {
  databaseUrl: string;
  usersFile?: string;
  interactionsFile?: string;
  onProgress?: (msg: string) => void;
}

export interface ImportResult {
  users: { read: number; inserted: number };
  interactions: { read: number; inserted: number };
  seconds: number;
}

/**
 * Loads a market in ONE transaction: each file is validated line by line while it streams into
 * a staging table with COPY; any problem rolls everything back (nothing half-imported). Rows
 * already present are skipped, so re-running is safe. One `events.bulk.imported` event goes to
 * the outbox in the same transaction, for the services to recompute what they derive.
 */
export async function importMarket(options: ImportOptions): Promise<ImportResult> {
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const client = new Client({ connectionString: options.databaseUrl });
  await client.connect();
  const result: ImportResult = { users: { read: 0, inserted: 0 }, interactions: { read: 0, inserted: 0 }, seconds: 0 };
  try {
    await client.query('BEGIN');
    if (options.usersFile) Object.assign(result.users, await importUsers(client, options.usersFile, progress));
    if (options.interactionsFile)
      Object.assign(result.interactions, await importInteractions(client, options.interactionsFile, progress));
    await client.query(`INSERT INTO outbox_events (subject, payload, request_id) VALUES ($1, $2, $3)`, [
      Subjects.events.bulkImported,
      JSON.stringify({ users: result.users.inserted, interactions: result.interactions.inserted }),
      `import-${randomUUID()}`,
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await client.end();
  }
  result.seconds = (Date.now() - started) / 1000;
  return result;
}

/** Streams validated CSV rows of `file` into COPY `sql`; collects up to MAX_REPORTED problems. */
async function copyValidated(
  client: Client,
  sql: string,
  file: string,
  toRow: (line: number, text: string) => string | null,
  progress: (m: string) => void,
): Promise<number> {
  const errors: InputError[] = [];
  let read = 0;
  // Rows go to COPY in chunks of ~1,000: one stream write per row costs more than the parsing.
  async function* rows(): AsyncGenerator<string> {
    let chunk: string[] = [];
    for await (const { line, text } of readLines(file)) {
      if (text.trim() === '') continue;
      try {
        const row = toRow(line, text);
        if (row === null) continue;
        read++;
        if (errors.length === 0) chunk.push(row);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        errors.push(err);
        if (errors.length >= MAX_REPORTED) break;
      }
      if (chunk.length >= COPY_CHUNK_ROWS) {
        yield `${chunk.join('\n')}\n`;
        chunk = [];
      }
      if (read % 250_000 === 0 && read > 0) progress(`${file}: ${read.toLocaleString()} rows read`);
    }
    if (chunk.length && errors.length === 0) yield `${chunk.join('\n')}\n`;
  }
  await pipeline(Readable.from(rows()), client.query(copyFrom(sql)));
  if (errors.length) throw new InputErrors(errors);
  return read;
}

async function importUsers(
  client: Client,
  file: string,
  progress: (m: string) => void,
): Promise<{ read: number; inserted: number }> {
  await client.query(`CREATE TEMP TABLE staging_users (LIKE users INCLUDING DEFAULTS) ON COMMIT DROP`);
  await client.query(`ALTER TABLE staging_users ALTER COLUMN id DROP IDENTITY IF EXISTS`);
  const seen = new Set<number>();
  const read = await copyValidated(
    client,
    `COPY staging_users (${USER_COLUMNS.join(', ')}) FROM STDIN (FORMAT csv)`,
    file,
    (line, text) => {
      const { id, csv } = userCsvRow(file, line, text);
      if (seen.has(id)) throw new InputError(file, line, `id ${id} appears twice in the file`);
      seen.add(id);
      return csv;
    },
    progress,
  );
  const inserted = await client.query(`INSERT INTO users SELECT * FROM staging_users ON CONFLICT (id) DO NOTHING`);
  // Ids came from the file: move the identity past them so API-created users never collide.
  await client.query(`SELECT setval(pg_get_serial_sequence('users', 'id'), GREATEST((SELECT max(id) FROM users), 1))`);
  progress(`users: ${read.toLocaleString()} read, ${inserted.rowCount?.toLocaleString()} new`);
  return { read, inserted: inserted.rowCount ?? 0 };
}

async function importInteractions(
  client: Client,
  file: string,
  progress: (m: string) => void,
): Promise<{ read: number; inserted: number }> {
  await client.query(
    `CREATE TEMP TABLE staging_interactions (line integer, actor_id integer, target_id integer, type varchar(16), created_at timestamptz) ON COMMIT DROP`,
  );
  let headerSeen = false;
  const read = await copyValidated(
    client,
    `COPY staging_interactions (line, actor_id, target_id, type, created_at) FROM STDIN (FORMAT csv)`,
    file,
    (line, text) => {
      if (!headerSeen) {
        headerSeen = true;
        checkInteractionsHeader(file, text);
        return null;
      }
      return interactionCsvRow(file, line, text);
    },
    progress,
  );
  const missing = await client.query(
    `SELECT s.line, CASE WHEN a.id IS NULL THEN 'actor_id ' || s.actor_id ELSE 'target_id ' || s.target_id END AS who
     FROM staging_interactions s LEFT JOIN users a ON a.id = s.actor_id LEFT JOIN users t ON t.id = s.target_id
     WHERE a.id IS NULL OR t.id IS NULL ORDER BY s.line LIMIT ${MAX_REPORTED}`,
  );
  if (missing.rowCount)
    throw new InputErrors(
      missing.rows.map((r) => new InputError(file, r.line, `${r.who} is not a known user (import its profile first)`)),
    );
  progress(`interactions: ${read.toLocaleString()} validated, inserting...`);
  const inserted = (await lockIfEmpty(client)) ? await insertIntoEmpty(client, progress) : await insertMerging(client);
  progress(`interactions: ${inserted.toLocaleString()} new`);
  return { read, inserted };
}

/**
 * Into a table that already holds interactions: row by row, each checked against the unique
 * indexes. First occurrence wins for a repeated pair; rows already in the table are skipped.
 * Index maintenance bounds it (about 20,000 rows/s here: docs/benchmarks.md).
 */
async function insertMerging(client: Client): Promise<number> {
  const inserted = await client.query(
    `INSERT INTO interactions (actor_id, target_id, type, created_at)
     SELECT actor_id, target_id, type, COALESCE(created_at, now()) FROM staging_interactions ORDER BY line
     ON CONFLICT DO NOTHING`,
  );
  return inserted.rowCount ?? 0;
}

/**
 * Whether `interactions` is empty (a first import, the usual case when a team loads its history),
 * holding it locked from here to the commit if so: nothing can write it meanwhile, and readers
 * wait for the import rather than see a table without its indexes.
 */
async function lockIfEmpty(client: Client): Promise<boolean> {
  const { rows } = await client.query(`SELECT NOT EXISTS (SELECT 1 FROM interactions) AS empty`);
  if (!rows[0].empty) return false;
  await client.query(`LOCK TABLE interactions IN ACCESS EXCLUSIVE MODE`);
  const again = await client.query(`SELECT NOT EXISTS (SELECT 1 FROM interactions) AS empty`);
  return again.rows[0].empty as boolean;
}

/**
 * Into an empty, locked table: the constraints are checked as set operations instead of row by
 * row. Repeats are removed in the staging table (first occurrence wins per pair and kind, as the
 * unique indexes would have it), the secondary indexes and foreign keys are dropped, the rows go
 * in with one insert, then each index is built in one pass and each foreign key validated in one
 * join, all in the import's transaction: a failure leaves the table as it was, indexes included.
 */
async function insertIntoEmpty(client: Client, progress: (m: string) => void): Promise<number> {
  const indexes = await client.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename = 'interactions'
        AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'interactions'::regclass)`,
  );
  const keys = await client.query<{ name: string; def: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
      WHERE conrelid = 'interactions'::regclass AND contype = 'f'`,
  );
  // Each index is built by one sort: give it the memory to sort in (this transaction only).
  await client.query(`SET LOCAL maintenance_work_mem = '256MB'`);
  for (const k of keys.rows) await client.query(`ALTER TABLE interactions DROP CONSTRAINT "${k.name}"`);
  for (const i of indexes.rows) await client.query(`DROP INDEX "${i.name}"`);
  const inserted = await client.query(
    `INSERT INTO interactions (actor_id, target_id, type, created_at)
     SELECT actor_id, target_id, type, COALESCE(created_at, now()) FROM (
       SELECT DISTINCT ON (actor_id, target_id, type = 'block') *
         FROM staging_interactions ORDER BY actor_id, target_id, type = 'block', line
     ) first ORDER BY line`,
  );
  progress(`interactions: ${inserted.rowCount?.toLocaleString()} in, building ${indexes.rowCount} indexes...`);
  for (const i of indexes.rows) await client.query(i.def);
  for (const k of keys.rows) await client.query(`ALTER TABLE interactions ADD CONSTRAINT "${k.name}" ${k.def}`);
  await client.query(`ANALYZE interactions`);
  return inserted.rowCount ?? 0;
}
