import type { AppDefinition } from '@app/common';
import { AppModule } from './app.module';
import { TrainerConfig } from './trainer.config';

/** The trainer as every app is started (bootstrap): its name, its config class and its module. */
export const trainerApp: AppDefinition<TrainerConfig> = {
  name: 'trainer',
  config: TrainerConfig,
  module: (config) => AppModule.forRoot(config),
};
