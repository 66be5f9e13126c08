/**
 * What the plain-SQL helpers need of a connection: rows for SQL and parameters. TypeORM's
 * `DataSource.query` fits with a one-line adapter, and so does a `pg` Client in the tests.
 */
export type RunQuery = <R = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<R[]>;
