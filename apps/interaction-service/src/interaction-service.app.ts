import { type AppDefinition, ServiceConfig } from '@app/common';
import { AppModule } from './app.module';

/** The interaction-service as every app is started (bootstrap): its name, its config class and its module. */
export const interactionServiceApp: AppDefinition<ServiceConfig> = {
  name: 'interaction-service',
  config: ServiceConfig,
  module: (config) => AppModule.forRoot(config),
};
