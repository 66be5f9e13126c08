import { SetMetadata } from '@nestjs/common';
import type { RateCostSpec } from './rate-cost';

export const RATE_COST = 'rate-limit:cost';

/** What the route costs against the caller's per-minute budget (rate-cost.ts has the table); 1 when absent. */
export const RateCost = (spec: RateCostSpec) => SetMetadata(RATE_COST, spec);
