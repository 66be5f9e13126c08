import 'reflect-metadata';
import { bootstrapService, ConfigError, loadConfig } from '@app/common';
import { AppModule } from './app.module';
import { RankingConfig } from './ranking.config';

// bootstrapService validates the settings every service shares; the ranking ones are validated
// here, with the same all-problems-at-once report, before anything starts.
void bootstrapService('ranking-service', () => {
  try {
    return AppModule.forRoot(loadConfig(RankingConfig));
  } catch (err) {
    console.error(`ranking-service: ${err instanceof ConfigError ? err.message : String(err)}`);
    process.exit(1);
  }
});
