import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import { SWIPE_TYPES } from '@app/contracts';

const counts = { like: 3, super_like: 1, dislike: 5, block: 0 };
const receivedCounts = { like: 3, super_like: 1 };
const RECEIVED =
  'Counts of what others did, as the caller may see it: every type for an admin; for a user only likes and super likes ' +
  '(when REVEAL_RECEIVED_LIKES is on, else none), never from anyone in a block with them';

export class InteractionResponse {
  @ApiProperty({ example: 17 }) id: number;
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty({ example: 2 }) target_user_id: number;
  @ApiProperty({ enum: SWIPE_TYPES, example: 'like' }) interaction_type: string;
  @ApiProperty({ example: { source: 'recommendation' }, nullable: true, type: 'object', additionalProperties: true })
  context: Record<string, unknown> | null;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) created_at: string;
}

export class CreatedInteractionResponse extends InteractionResponse {
  @ApiProperty({ example: false, description: 'True when this like completed a mutual like' }) is_match: boolean;
}

export class InteractionPageResponse {
  @ApiProperty({ type: [InteractionResponse] }) items: InteractionResponse[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

/** Counts by interaction type, given and received (stats and each timeline bucket). */
const GIVEN_COUNTS = {
  type: 'object',
  additionalProperties: { type: 'integer' },
  example: counts,
} satisfies ApiPropertyOptions;
const RECEIVED_COUNTS = {
  ...GIVEN_COUNTS,
  example: receivedCounts,
  description: RECEIVED,
} satisfies ApiPropertyOptions;

export class InteractionStatsResponse {
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty(GIVEN_COUNTS) given: Record<string, number>;
  @ApiProperty(RECEIVED_COUNTS) received: Record<string, number>;
  @ApiProperty({ example: 2 }) matches: number;
  @ApiProperty({ example: 0.4444, description: '(likes + super likes) / swipes given' }) like_rate: number;
  @ApiProperty({
    example: null,
    nullable: true,
    type: Number,
    description: '(likes + super likes) / swipes received: admin only (null for a user: it would count dislikes)',
  })
  received_like_rate: number | null;
}

export class MutualResponse {
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty({ example: 2 }) target_user_id: number;
  @ApiProperty({ example: true }) user_liked: boolean;
  @ApiProperty({
    example: true,
    description: 'To a user: only a like they may see (REVEAL_RECEIVED_LIKES, or a match), never once either blocked',
  })
  target_liked: boolean;
  @ApiProperty({ example: true }) is_match: boolean;
  @ApiProperty({ example: false, description: 'The user blocked the target' }) blocked: boolean;
  @ApiProperty({ type: InteractionResponse, nullable: true }) user_interaction: InteractionResponse | null;
  @ApiProperty({ type: InteractionResponse, nullable: true }) target_interaction: InteractionResponse | null;
}

class TimelineBucketResponse {
  @ApiProperty({ example: '2026-11-26T00:00:00.000Z' }) bucket: string;
  @ApiProperty(GIVEN_COUNTS) given: Record<string, number>;
  @ApiProperty(RECEIVED_COUNTS) received: Record<string, number>;
  @ApiProperty({ example: 1 }) matches: number;
}

export class TimelineResponse {
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty({ enum: ['hour', 'day'] }) granularity: string;
  @ApiProperty({ example: '2026-11-01T00:00:00.000Z' }) since: string;
  @ApiProperty({ example: '2026-11-27T00:00:00.000Z' }) until: string;
  @ApiProperty({ type: [TimelineBucketResponse] }) buckets: TimelineBucketResponse[];
}

class MatchResponse {
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty({ example: 2 }) matched_user_id: number;
  @ApiProperty({ example: '2026-11-26T10:00:00.000Z' }) matched_at: string;
}

export class MatchPageResponse {
  @ApiProperty({ type: [MatchResponse] }) items: MatchResponse[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}
