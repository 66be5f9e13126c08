import { type DynamicModule, Module } from '@nestjs/common';
import { dataServiceImports } from '@app/common';
import type { InteractionConfig } from './interaction.config';
import { InboundModule } from './inbound/inbound.module';
import { InteractionsModule } from './interactions/interactions.module';
import { MatchesModule } from './matches/matches.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/**
 * Swipes, blocks and matches, with stats and timelines; announces every interaction as an event,
 * and a match to the webhooks that asked for it; records what integrators publish (inbound).
 */
@Module({})
export class AppModule {
  static forRoot(config: InteractionConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The config is registered under its class (InteractionConfig), so the webhooks inject it typed.
        ...dataServiceImports('interaction-service', config),
        InteractionsModule,
        MatchesModule,
        WebhooksModule,
        InboundModule,
      ],
    };
  }
}
