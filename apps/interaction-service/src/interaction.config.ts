import { IsInt, Max, Min } from 'class-validator';
import { ServiceConfig } from '@app/common';

/** Interaction settings on top of what every service reads: the webhooks' delivery. */
export class InteractionConfig extends ServiceConfig {
  /** Attempts per webhook delivery before it is marked failed (an admin can send it again). */
  @IsInt()
  @Min(1)
  @Max(20)
  WEBHOOK_MAX_ATTEMPTS: number = 8;

  /** Wait before the first retry of a delivery; it doubles with each attempt, up to an hour. */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS: number = 30_000;

  /** How long a receiver has to answer one delivery. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS: number = 5_000;
}
