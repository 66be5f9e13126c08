import { type AppDefinition, ServiceConfig } from '@app/common';
import { AppModule } from './app.module';

/** The feature-service as every app is started (bootstrap): its name, its config class and its module. */
export const featureServiceApp: AppDefinition<ServiceConfig> = {
  name: 'feature-service',
  config: ServiceConfig,
  module: (config) => AppModule.forRoot(config),
};
