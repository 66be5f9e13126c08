import { Module } from '@nestjs/common';
import { InteractionStatsService } from './interaction-stats.service';
import { InteractionsController } from './interactions.controller';
import { InteractionsService } from './interactions.service';

@Module({ controllers: [InteractionsController], providers: [InteractionsService, InteractionStatsService] })
export class InteractionsModule {}
