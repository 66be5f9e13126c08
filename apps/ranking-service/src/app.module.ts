import { type DynamicModule, Module } from '@nestjs/common';
import { dataServiceImports } from '@app/common';
import type { RankingConfig } from './ranking.config';
import { RankingModule } from './ranking.module';

/** The recommendation flow: candidates, features, the ranking model, two-sided re-ranking, explanations. */
@Module({})
export class AppModule {
  static forRoot(config: RankingConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The config is registered under its class (RankingConfig), so handlers inject it typed.
        ...dataServiceImports('ranking-service', config, { redis: true }),
        RankingModule.forRoot(config),
      ],
    };
  }
}
