import 'reflect-metadata';
import { bootstrapService } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('feature-service', (config) => AppModule.forRoot(config));
