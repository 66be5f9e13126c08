import { type DynamicModule, Module } from '@nestjs/common';
import { profileMirrorProviders, type ServiceConfig } from '@app/common';
import { CANDIDATE_CONFIG, type CandidateConfig } from '../config/candidate-config';
import { ViewerHistoryService } from '../history/viewer-history.service';
import { ModelStore } from '../index/model-store.service';
import { PopularityService } from '../sources/popularity.service';
import { CandidatesController } from './candidates.controller';
import { CandidatesService } from './candidates.service';

@Module({})
export class CandidatesModule {
  static forRoot(config: ServiceConfig, candidateConfig: CandidateConfig): DynamicModule {
    return {
      module: CandidatesModule,
      controllers: [CandidatesController],
      providers: [
        { provide: CANDIDATE_CONFIG, useValue: candidateConfig },
        ...profileMirrorProviders(config.PROFILES_RELOAD_MS),
        ModelStore,
        PopularityService,
        ViewerHistoryService,
        CandidatesService,
      ],
    };
  }
}
