import 'reflect-metadata';
import { bootstrapService } from '@app/common';
import { AppModule } from './app.module';

void bootstrapService('trainer', (config) => AppModule.forRoot(config));
