import type { AppDefinition } from '@app/common';
import { AppModule } from './app.module';
import { InteractionConfig } from './interaction.config';

/** The interaction-service as every app is started (bootstrap): its name, its config class and its module. */
export const interactionServiceApp: AppDefinition<InteractionConfig> = {
  name: 'interaction-service',
  config: InteractionConfig,
  module: (config) => AppModule.forRoot(config),
};
