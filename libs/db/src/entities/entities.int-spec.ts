import { useRepositoryDatabase } from '../../../../test/support/repository-db';

/**
 * The entities describe the schema the migrations build (synchronize is never on, so nothing
 * else would notice a drift): TypeORM's own schema diff finds nothing to change, and every
 * entity's columns, views included (which the diff skips), are the database's.
 */
describe('entities against the migrated schema (integration)', () => {
  const db = useRepositoryDatabase('entities');

  it('leaves TypeORM no schema change to make (schema:log is empty)', async () => {
    const ds = db();
    const log = await ds.driver.createSchemaBuilder().log();
    // Except the outbox's event_id default (gen_random_uuid()), which its entity leaves to the
    // database: the outbox is the events code's to change, and its insert never sets event_id.
    const known = 'ALTER TABLE "outbox_events" ALTER COLUMN "event_id" DROP DEFAULT';
    expect(log.upQueries.map((q) => q.query).filter((q) => q !== known)).toEqual([]);
  });

  it('declares every column of every table and view, with its type and nullability', async () => {
    const ds = db();
    for (const meta of ds.entityMetadatas) {
      const rows: { column_name: string; udt_name: string; is_nullable: 'YES' | 'NO' }[] = await ds.query(
        `SELECT column_name, udt_name, is_nullable FROM information_schema.columns
          WHERE table_name = $1 ORDER BY ordinal_position`,
        [meta.tableName],
      );
      const inDatabase = rows.map((r) => r.column_name).sort();
      expect([meta.tableName, meta.columns.map((c) => c.databaseName).sort()]).toEqual([meta.tableName, inDatabase]);
      if (meta.tableType === 'view') continue; // a view's columns carry no declared type or nullability
      for (const c of meta.columns) {
        const row = rows.find((r) => r.column_name === c.databaseName)!;
        const declared = ds.driver.normalizeType(c);
        // The column's name goes with each comparison, so a failure names it.
        const column = `${meta.tableName}.${c.databaseName}`;
        const inEntity = { nullable: c.isNullable, array: c.isArray, type: UDT[declared] ?? declared };
        const udt = row.udt_name;
        const nullable = row.is_nullable === 'YES';
        const inTable = { nullable, array: udt.startsWith('_'), type: udt.replace(/^_/, '') };
        expect([column, inEntity]).toEqual([column, inTable]);
      }
    }
  });
});

/** TypeORM's names of PostgreSQL types against the catalogue's (udt_name). */
const UDT: Record<string, string> = {
  integer: 'int4',
  bigint: 'int8',
  smallint: 'int2',
  real: 'float4',
  'double precision': 'float8',
  'character varying': 'varchar',
  boolean: 'bool',
  'timestamp with time zone': 'timestamptz',
};
