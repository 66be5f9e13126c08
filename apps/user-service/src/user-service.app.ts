import { type AppDefinition, ServiceConfig } from '@app/common';
import { AppModule } from './app.module';

/** The user-service as every app is started (bootstrap): its name, its config class and its module. */
export const userServiceApp: AppDefinition<ServiceConfig> = {
  name: 'user-service',
  config: ServiceConfig,
  module: (config) => AppModule.forRoot(config),
};
