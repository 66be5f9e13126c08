import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/common/config/load-config';
import { TrainerConfig } from './trainer.config';

describe('TrainerConfig', () => {
  it('has working defaults and derives the Redis prefix from the database name', () => {
    const c = loadConfig(TrainerConfig, { DATABASE_URL: 'postgres://u@h:5432/recsys_test_x_42' });
    expect(c).toMatchObject({
      EMBEDDING_DIMENSION: 64,
      RETRAIN_CRON: '0 */6 * * *',
      RETRAIN_AFTER_INTERACTIONS: 10_000,
      TRAINING_REFIT_EPOCHS: 1,
      EMBEDDING_ALGORITHM: 'ials',
      EMBEDDING_SEARCH_SECONDS: 20,
    });
    expect(c.redisPrefix).toBe('recsys:recsys_test_x_42');
    expect(loadConfig(TrainerConfig, { TRAINING_REDIS_PREFIX: 'prod:a' }).redisPrefix).toBe('prod:a');
  });

  it('converts numbers from the environment and accepts an empty cron (schedule off)', () => {
    const c = loadConfig(TrainerConfig, {
      EMBEDDING_DIMENSION: '32',
      TRAINING_HOLDOUT_FRACTION: '0.1',
      RETRAIN_CRON: '',
    });
    expect(c.EMBEDDING_DIMENSION).toBe(32);
    expect(c.TRAINING_HOLDOUT_FRACTION).toBe(0.1);
    expect(c.RETRAIN_CRON).toBe('');
  });

  it('lists every invalid setting at once', () => {
    let err: unknown;
    try {
      loadConfig(TrainerConfig, {
        EMBEDDING_DIMENSION: 'big',
        RETRAIN_CRON: 'hourly',
        TRAINING_HOLDOUT_FRACTION: '0.9',
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems.join('\n');
    expect(problems).toContain('EMBEDDING_DIMENSION');
    expect(problems).toContain('RETRAIN_CRON');
    expect(problems).toContain('TRAINING_HOLDOUT_FRACTION');
  });
});
