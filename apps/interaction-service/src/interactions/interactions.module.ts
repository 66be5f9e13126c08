import { Module } from '@nestjs/common';
import { InteractionStatsService } from './interaction-stats.service';
import { InteractionsBatchService } from './interactions-batch.service';
import { InteractionsController } from './interactions.controller';
import { InteractionMetrics } from './interaction-metrics';
import { InteractionsService } from './interactions.service';
import { WebhooksModule } from '../webhooks/webhooks.module';

@Module({
  imports: [WebhooksModule],
  controllers: [InteractionsController],
  providers: [InteractionsService, InteractionStatsService, InteractionsBatchService, InteractionMetrics],
  exports: [InteractionsService],
})
export class InteractionsModule {}
