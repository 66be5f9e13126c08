import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { ServiceConfig } from './service-config';

/**
 * An app's validated config, injectable everywhere under its own class (RankingConfig,
 * GatewayConfig...) and, for the code every app shares, as ServiceConfig.
 */
@Module({})
export class AppConfigModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    const own = config.constructor as new () => ServiceConfig;
    const alias: Provider[] = own === ServiceConfig ? [] : [{ provide: ServiceConfig, useExisting: own }];
    return {
      module: AppConfigModule,
      global: true,
      providers: [{ provide: own, useValue: config }, ...alias],
      exports: own === ServiceConfig ? [ServiceConfig] : [own, ServiceConfig],
    };
  }
}
