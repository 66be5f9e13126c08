import { type DynamicModule, Module } from '@nestjs/common';
import { profileMirrorProviders } from '@app/common';
import type { CandidateConfig } from '../config/candidate-config';
import { ViewerHistoryService } from '../history/viewer-history.service';
import { ModelStore } from '../index/model-store.service';
import { PopularityService } from '../sources/popularity.service';
import { CandidatesController } from './candidates.controller';
import { CandidatesService } from './candidates.service';

@Module({})
export class CandidatesModule {
  static forRoot(config: CandidateConfig): DynamicModule {
    return {
      module: CandidatesModule,
      controllers: [CandidatesController],
      providers: [
        ...profileMirrorProviders(config.PROFILES_RELOAD_MS, config.ERASURE_SWEEP_MS),
        ModelStore,
        PopularityService,
        ViewerHistoryService,
        CandidatesService,
      ],
    };
  }
}
