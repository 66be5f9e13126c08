import { type DynamicModule, Module } from '@nestjs/common';
import { dataServiceImports, type ServiceConfig } from '@app/common';
import { InteractionsModule } from './interactions/interactions.module';
import { MatchesModule } from './matches/matches.module';

/** Swipes, blocks and matches, with stats and timelines; announces every interaction as an event. */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [...dataServiceImports('interaction-service', config), InteractionsModule, MatchesModule],
    };
  }
}
