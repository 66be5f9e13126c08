import 'reflect-metadata';
import { bootstrap, ServiceConfig } from '@app/common';
import { AppModule } from './app.module';

void bootstrap({ name: 'feature-service', config: ServiceConfig, module: (config) => AppModule.forRoot(config) });
