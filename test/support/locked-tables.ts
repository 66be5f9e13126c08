import { Client } from 'pg';

/**
 * Runs `work` while another session holds every table of the database locked ACCESS EXCLUSIVE.
 * Any SQL a service runs on a table meanwhile, a read included, waits for the lock: a reply that
 * comes back while they are locked was made without touching one.
 */
export async function whileTablesLocked<T>(databaseUrl: string, work: () => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('BEGIN');
    const { rows } = await db.query<{ name: string }>(
      `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
    );
    await db.query(`LOCK TABLE ${rows.map((r) => r.name).join(', ')} IN ACCESS EXCLUSIVE MODE`);
    return await work();
  } finally {
    await db.query('ROLLBACK').catch(() => undefined);
    await db.end();
  }
}
