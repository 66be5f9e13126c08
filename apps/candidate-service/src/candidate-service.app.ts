import type { AppDefinition } from '@app/common';
import { AppModule } from './app.module';
import { CandidateConfig } from './config/candidate-config';

/** The candidate-service as every app is started (bootstrap): its name, its config class and its module. */
export const candidateServiceApp: AppDefinition<CandidateConfig> = {
  name: 'candidate-service',
  config: CandidateConfig,
  module: (config) => AppModule.forRoot(config),
};
