import { type DynamicModule, Module } from '@nestjs/common';
import { dataServiceImports } from '@app/common';
import type { CandidateConfig } from './config/candidate-config';
import { CandidatesModule } from './generation/candidates.module';

/** Candidate generation: embeddings, the ANN index, candidate sources and the hard filters. */
@Module({})
export class AppModule {
  static forRoot(config: CandidateConfig): DynamicModule {
    return {
      module: AppModule,
      // No outbox: this service writes no events, it only follows them.
      imports: [...dataServiceImports('candidate-service', config), CandidatesModule.forRoot(config)],
    };
  }
}
