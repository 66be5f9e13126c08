import { type DynamicModule, Module } from '@nestjs/common';
import { dataServiceImports, type ServiceConfig } from '@app/common';
import { InboundModule } from './inbound/inbound.module';
import { UsersModule } from './users/users.module';

/**
 * Profiles and preferences: CRUD, filtered lists, searches, the changes integrators publish;
 * announces changes as events.
 */
@Module({})
export class AppModule {
  static forRoot(config: ServiceConfig): DynamicModule {
    return { module: AppModule, imports: [...dataServiceImports('user-service', config), UsersModule, InboundModule] };
  }
}
