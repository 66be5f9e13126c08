import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { dataSourceOptions } from './data-source';
import { DATA_SOURCE_REPOSITORIES } from './repositories';
import { ModelVersionsRepository } from './repositories/model-versions.repository';

/**
 * The service's TypeORM connection (no synchronize; migrations run by `npm run migrate`) and the
 * repositories over it. The repositories are plain classes (jest cannot load Nest's ES modules,
 * and their integration specs construct them directly), provided here by factory.
 *
 * The connection is named after its app (`app`): @nestjs/typeorm keeps the names of a process's
 * data sources in one registry and warns when two share one, as every app's would when they run
 * in one process (TARGET=all). Each app's DataSource is its own either way; the plain
 * `DataSource` token stays its alias, which is what the repositories and checks inject.
 */
@Module({})
export class DbModule {
  static forRoot(url: string, poolSize: number, app: string): DynamicModule {
    const repositories: Provider[] = [
      { provide: DataSource, useExisting: getDataSourceToken(app) },
      ...DATA_SOURCE_REPOSITORIES.map((R) => ({
        provide: R,
        inject: [DataSource],
        useFactory: (ds: DataSource) => new R(ds),
      })),
      // Built on an EntityManager: its writes also run inside the trainer's transactions.
      {
        provide: ModelVersionsRepository,
        inject: [DataSource],
        useFactory: (ds: DataSource) => new ModelVersionsRepository(ds.manager),
      },
    ];
    return {
      module: DbModule,
      imports: [
        TypeOrmModule.forRoot({ ...dataSourceOptions(url, poolSize, app), name: app }),
        TypeOrmModule.forFeature(ALL_ENTITIES, app),
      ],
      providers: repositories,
      exports: [TypeOrmModule, DataSource, ...DATA_SOURCE_REPOSITORIES, ModelVersionsRepository],
      global: true,
    };
  }
}
