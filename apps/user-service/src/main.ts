import 'reflect-metadata';
import { bootstrapService } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('user-service', (config) => AppModule.forRoot(config));
