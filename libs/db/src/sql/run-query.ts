/**
 * What the plain-SQL helpers need of a connection: rows for SQL and parameters. TypeORM's
 * `DataSource.query` fits with a one-line adapter (runQueryOf), and so does a `pg` Client in the tests.
 */
export type RunQuery = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;

/** A RunQuery over a TypeORM DataSource or EntityManager (their `query` returns the rows). */
export function runQueryOf(db: { query(sql: string, params?: unknown[]): Promise<unknown> }): RunQuery {
  return async <R>(sql: string, params?: unknown[]) => (await db.query(sql, params)) as R[];
}
