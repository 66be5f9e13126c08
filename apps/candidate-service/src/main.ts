import 'reflect-metadata';
import { bootstrap } from '@app/common';
import { AppModule } from './app.module';
import { CandidateConfig } from './config/candidate-config';

void bootstrap({ name: 'candidate-service', config: CandidateConfig, module: (config) => AppModule.forRoot(config) });
