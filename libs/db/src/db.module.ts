import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ALL_ENTITIES } from './entities';
import { dataSourceOptions } from './data-source';
import { DATA_SOURCE_REPOSITORIES } from './repositories';
import { ModelVersionsRepository } from './repositories/model-versions.repository';

/**
 * The service's TypeORM connection (no synchronize; migrations run by `npm run migrate`) and the
 * repositories over it. The repositories are plain classes (jest cannot load Nest's ES modules,
 * and their integration specs construct them directly), provided here by factory.
 */
@Module({})
export class DbModule {
  static forRoot(url: string, poolSize: number): DynamicModule {
    const repositories: Provider[] = [
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
      imports: [TypeOrmModule.forRoot(dataSourceOptions(url, poolSize)), TypeOrmModule.forFeature(ALL_ENTITIES)],
      providers: repositories,
      exports: [TypeOrmModule, ...DATA_SOURCE_REPOSITORIES, ModelVersionsRepository],
      global: true,
    };
  }
}
