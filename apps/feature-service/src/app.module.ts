import { type DynamicModule, Module } from '@nestjs/common';
import { dataServiceImports, type ServiceConfig } from '@app/common';
import { FeaturesModule } from './features/features.module';

/** The feature store: profile features, behavioural aggregates and real-time counters, served in batches. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [...dataServiceImports('feature-service', config, { redis: true }), FeaturesModule.forRoot(config)],
    };
  }
}
