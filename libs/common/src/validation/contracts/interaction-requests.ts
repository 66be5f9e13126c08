/** Schemas of the interaction service's requests (interactions.*); batches and swipes reuse the API's DTOs. */
import { IsIn, IsInt, IsISO8601, IsString, Matches, Max, Min, ValidateBy } from 'class-validator';
import {
  IDEMPOTENCY_KEY_PATTERN,
  MAX_RECENT_HOURS,
  MAX_RECENT_LIMIT,
  MAX_TIMELINE_BUCKETS,
  SWIPE_TYPES,
  type CreateInteractionInput,
  type Direction,
  type Granularity,
  type ListInteractionsQuery,
  type ListMatchesQuery,
  type RecentQuery,
  type RpcRequest,
  type SwipeType,
  type TimelineQuery,
} from '@app/contracts';
import { OptionalNotNull } from '../optional';
import { SwipeDto } from '../swipe.dto';
import { IsId, PageRequest } from './fields';

const DIRECTIONS: readonly Direction[] = ['given', 'received', 'both'];
const GRANULARITIES: readonly Granularity[] = ['hour', 'day'];
const HOUR_MS = 3600_000;

/** A swipe as the gateway hands it on: the API's swipe fields, the actor, and the Idempotency-Key if one came. */
export class CreateInteractionRequest extends SwipeDto implements CreateInteractionInput {
  @IsId()
  user_id: number;

  @OptionalNotNull()
  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN, { message: 'idempotency_key must be 1 to 200 visible ASCII characters' })
  idempotency_key?: string;
}

/** interactions.stats: one user. */
export class UserStatsRequest implements RpcRequest<'interactions.stats'> {
  @IsId()
  user_id: number;
}

export class MutualRequest implements RpcRequest<'interactions.mutual'> {
  @IsId()
  user_id: number;

  @IsId()
  target_user_id: number;
}

export class ListInteractionsRequest extends PageRequest implements ListInteractionsQuery {
  @IsId()
  user_id: number;

  @OptionalNotNull()
  @IsIn(SWIPE_TYPES, { message: `interaction_type must be one of ${SWIPE_TYPES.join(', ')}` })
  interaction_type?: SwipeType;

  @IsIn(DIRECTIONS, { message: `direction must be one of ${DIRECTIONS.join(', ')}` })
  direction: Direction;

  @OptionalNotNull()
  @IsISO8601({ strict: true })
  since?: string;

  @OptionalNotNull()
  @IsISO8601({ strict: true })
  until?: string;
}

export class RecentRequest implements RecentQuery {
  @IsId()
  user_id: number;

  @IsInt()
  @Min(1)
  @Max(MAX_RECENT_HOURS)
  hours: number;

  @IsInt()
  @Min(1)
  @Max(MAX_RECENT_LIMIT)
  limit: number;
}

/**
 * `since` before `until`, and no more buckets between them than MAX_TIMELINE_BUCKETS allows
 * (the service builds every bucket of the range). Left to their own rules when unreadable.
 */
const TimelineRange = (): PropertyDecorator =>
  ValidateBy({
    name: 'timelineRange',
    validator: {
      validate: (since: unknown, args) => {
        const q = args!.object as Partial<TimelineQuery>;
        const [from, to] = [Date.parse(String(since)), Date.parse(String(q.until))];
        const max = MAX_TIMELINE_BUCKETS[q.granularity as Granularity];
        if (Number.isNaN(from) || Number.isNaN(to) || max === undefined) return true;
        return from < to && (to - from) / (q.granularity === 'hour' ? HOUR_MS : 24 * HOUR_MS) <= max;
      },
      defaultMessage: (args) => {
        const q = args!.object as TimelineQuery;
        return `since must be before until, at most ${MAX_TIMELINE_BUCKETS[q.granularity]} ${q.granularity}s before it`;
      },
    },
  });

export class TimelineRequest implements TimelineQuery {
  @IsId()
  user_id: number;

  @IsIn(GRANULARITIES, { message: `granularity must be one of ${GRANULARITIES.join(', ')}` })
  granularity: Granularity;

  @IsISO8601({ strict: true })
  @TimelineRange()
  since: string;

  @IsISO8601({ strict: true })
  until: string;
}

export class MatchesRequest extends PageRequest implements ListMatchesQuery {
  @IsId()
  user_id: number;
}
