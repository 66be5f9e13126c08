import 'reflect-metadata';
import { bootstrap, ServiceConfig } from '@app/common';
import { AppModule } from './app.module';

void bootstrap({ name: 'interaction-service', config: ServiceConfig, module: (config) => AppModule.forRoot(config) });
