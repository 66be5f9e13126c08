import { Module } from '@nestjs/common';
import { UsersModule } from '../users/users.module';
import { InboundProfilesConsumer } from './inbound-profiles.consumer';

/** What integrators publish for user-service: profile changes made elsewhere. */
@Module({ imports: [UsersModule], providers: [InboundProfilesConsumer] })
export class InboundModule {}
