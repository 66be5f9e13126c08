import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ALL_ENTITIES } from './entities';
import { dataSourceOptions } from './data-source';

/** The service's TypeORM connection (no synchronize; migrations run by `npm run migrate`). */
@Module({})
export class DbModule {
  static forRoot(url: string, poolSize: number): DynamicModule {
    return {
      module: DbModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions(url, poolSize)), TypeOrmModule.forFeature(ALL_ENTITIES)],
      exports: [TypeOrmModule],
      global: true,
    };
  }
}
