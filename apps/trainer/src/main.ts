import 'reflect-metadata';
import { bootstrapService, loadConfig, loadDotEnv, ServiceConfig } from '@app/common';
import { AppModule } from './app.module';

loadDotEnv();
const config = loadConfig(ServiceConfig);
void bootstrapService('trainer', config, AppModule.forRoot(config));
