import 'reflect-metadata';
import { bootstrapService, ConfigError, loadConfig, loadDotEnv } from '@app/common';
import { AppModule } from './app.module';
import { CandidateConfig } from './config/candidate-config';

// The candidate settings are validated before boot, like ServiceConfig: a bad value stops the
// process with every problem listed instead of failing on first use.
loadDotEnv();
let candidateConfig: CandidateConfig;
try {
  candidateConfig = loadConfig(CandidateConfig);
} catch (err) {
  console.error(`candidate-service: ${err instanceof ConfigError ? err.message : String(err)}`);
  process.exit(1);
}

void bootstrapService('candidate-service', (config) => AppModule.forRoot(config, candidateConfig));
