import 'reflect-metadata';
import { bootstrap } from '@app/common';
import { AppModule } from './app.module';
import { RankingConfig } from './ranking.config';

void bootstrap({ name: 'ranking-service', config: RankingConfig, module: (config) => AppModule.forRoot(config) });
