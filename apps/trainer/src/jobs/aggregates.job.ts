import { Injectable } from '@nestjs/common';
import { UserAggregatesRepository } from '@app/db';

/**
 * Recomputes user_aggregates from the source of truth, with the same rules as
 * `computeAggregates` in libs/ml, so the stored aggregates and the ones training replays agree
 * (UserAggregatesRepository.recomputeAll). Idempotent: it overwrites every row.
 */
@Injectable()
export class AggregatesJob {
  constructor(private readonly aggregates: UserAggregatesRepository) {}

  /** Returns the number of users written. */
  run(): Promise<number> {
    return this.aggregates.recomputeAll();
  }
}
