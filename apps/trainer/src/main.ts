import 'reflect-metadata';
import { bootstrap } from '@app/common';
import { AppModule } from './app.module';
import { TrainerConfig } from './trainer.config';

void bootstrap({ name: 'trainer', config: TrainerConfig, module: (config) => AppModule.forRoot(config) });
