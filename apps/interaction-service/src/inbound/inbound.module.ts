import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module';
import { InboundConsumers } from './inbound.consumers';

/** What integrators publish for interaction-service: swipes and blocks made elsewhere, and what follows a match. */
@Module({ imports: [InteractionsModule], providers: [InboundConsumers] })
export class InboundModule {}
