import 'reflect-metadata';
import { bootstrapService } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('ranking-service', (config) => AppModule.forRoot(config));
