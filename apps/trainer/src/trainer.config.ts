import { IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
// Imported from its file, not the barrel, so unit specs can load the config without Nest.
import { ServiceConfig } from '@app/common/config/service-config';

/**
 * The trainer's settings on top of ServiceConfig. Every property has an explicit type so
 * class-transformer's implicit conversion turns the environment's strings into numbers.
 */
export class TrainerConfig extends ServiceConfig {
  /** The collaborative stage's trainer: implicit ALS (default) or the logistic loss with sampled negatives. */
  @IsIn(['ials', 'logistic'])
  EMBEDDING_ALGORITHM: 'ials' | 'logistic' = 'ials';

  @IsInt()
  @Min(2)
  @Max(1024)
  EMBEDDING_DIMENSION: number = 64;

  /** Passes over the data before the held-out slice: iALS iterations, or logistic epochs. */
  @IsInt()
  @Min(1)
  @Max(200)
  TRAINING_EPOCHS: number = 6;

  /**
   * Seconds iALS's search for its confidence and penalty may start trials in (the first setting
   * always runs; 0 tries that one only, on the validation split, and keeps it).
   */
  @IsInt()
  @Min(0)
  @Max(3600)
  EMBEDDING_SEARCH_SECONDS: number = 20;

  /** Sampled negatives per positive swipe in the logistic embedding loss. */
  @IsInt()
  @Min(0)
  @Max(50)
  TRAINING_NEGATIVES: number = 2;

  /** Most recent ranker rows used at most (bounds the ranker's training time). */
  @IsInt()
  @Min(100)
  RANKER_MAX_ROWS: number = 300_000;

  /**
   * Share held out to judge a new version: the latest interactions among those newer than the
   * active version's data (of all of them when none is active). The candidate trains on the rest.
   */
  @IsNumber()
  @Min(0.01)
  @Max(0.5)
  TRAINING_HOLDOUT_FRACTION: number = 0.2;

  /** Fewer held-out swipes than this: a new version cannot be judged, the run is skipped. */
  @IsInt()
  @Min(1)
  TRAINING_MIN_HELD_OUT: number = 50;

  /**
   * Passes the embedding training continues over all data after the held-out snapshot, for the
   * served model (0 serves the snapshot, which has not seen the most recent interactions). One
   * iALS iteration re-solves every row with the new swipes in.
   */
  @IsInt()
  @Min(0)
  @Max(50)
  TRAINING_REFIT_EPOCHS: number = 1;

  /** Cron of the scheduled full retrain (BullMQ job scheduler); empty disables it. */
  @IsString()
  @Matches(/^$|^\S+(\s+\S+){4,5}$/, { message: 'RETRAIN_CRON must be a 5- or 6-field cron pattern, or empty' })
  RETRAIN_CRON: string = '0 */6 * * *';

  @IsInt()
  @Min(1)
  RETRAIN_AFTER_INTERACTIONS: number = 10_000;

  @IsInt()
  @Min(1)
  @Max(20)
  TRAINING_JOB_ATTEMPTS: number = 3;

  /** First retry delay; doubles on each further attempt. */
  @IsInt()
  @Min(10)
  TRAINING_BACKOFF_MS: number = 30_000;

  /** Retired versions whose artifacts are kept (for a rollback); older ones are freed. */
  @IsInt()
  @Min(0)
  @Max(100)
  MODEL_KEEP_RETIRED: number = 3;

  /**
   * Redis key prefix of the queue and counters. Default: derived from DATABASE_URL's database,
   * so two deployments (or test runs) sharing a Redis never share a queue.
   */
  @IsOptional()
  @Matches(/^[A-Za-z0-9_.:-]+$/)
  TRAINING_REDIS_PREFIX?: string;

  get redisPrefix(): string {
    return this.TRAINING_REDIS_PREFIX ?? `recsys:${new URL(this.DATABASE_URL).pathname.slice(1) || 'default'}`;
  }
}
