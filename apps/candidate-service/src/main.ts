import 'reflect-metadata';
import { bootstrapService } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('candidate-service', (config) => AppModule.forRoot(config));
