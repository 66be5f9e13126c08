import type { AppDefinition } from '@app/common';
import { AppModule } from './app.module';
import { RankingConfig } from './ranking.config';

/** The ranking-service as every app is started (bootstrap): its name, its config class and its module. */
export const rankingServiceApp: AppDefinition<RankingConfig> = {
  name: 'ranking-service',
  config: RankingConfig,
  module: (config) => AppModule.forRoot(config),
};
