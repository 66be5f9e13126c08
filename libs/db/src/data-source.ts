import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { ALL_MIGRATIONS } from './migrations';

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/recsys';

/** The one set of DataSource options, used by the apps, the migration CLI and the tests. */
export function dataSourceOptions(
  url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  poolSize = 10,
  /** Who connects, as PostgreSQL lists it (pg_stat_activity.application_name). */
  applicationName = process.env.SERVICE_NAME ?? 'recsys',
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: ALL_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    // Never synchronize: every schema change is a reviewed migration.
    synchronize: false,
    migrationsRun: false,
    // Failures surface as exceptions, logged once (as JSON) by the service's error filter.
    logging: false,
    extra: { max: poolSize, application_name: applicationName },
  };
}

/** A DataSource for `url` (not yet initialised). */
export function createDataSource(url?: string, poolSize?: number): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize));
}
