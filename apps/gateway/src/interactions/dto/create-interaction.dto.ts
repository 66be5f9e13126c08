import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, Max, Min, ValidateBy } from 'class-validator';
import { OptionalNotNull, OptionalNullable } from '@app/common/validation/optional';
import { SWIPE_TYPES, type SwipeType } from '@app/contracts';

const MAX_CONTEXT_BYTES = 2048;

/** `context` is free-form JSON, kept small: it is stored with every swipe. */
const SmallJson = () =>
  ValidateBy({
    name: 'smallJson',
    validator: {
      validate: (v: unknown) => Buffer.byteLength(JSON.stringify(v ?? null), 'utf8') <= MAX_CONTEXT_BYTES,
      defaultMessage: () => `context must serialise to at most ${MAX_CONTEXT_BYTES} bytes of JSON`,
    },
  });

/** A swipe or block. The actor is the token's user; an admin names the actor in `user_id`. */
export class CreateInteractionDto {
  @ApiProperty({ example: 2, description: 'Whom the swipe is about' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  target_user_id: number;

  @ApiProperty({ enum: SWIPE_TYPES, example: 'like' })
  @IsIn(SWIPE_TYPES, { message: `interaction_type must be one of ${SWIPE_TYPES.join(', ')}` })
  interaction_type: SwipeType;

  @ApiPropertyOptional({ example: { source: 'recommendation' }, description: 'Free-form JSON (at most 2 KB)' })
  @OptionalNullable()
  @IsObject()
  @SmallJson()
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ example: 1, description: 'The actor; admin only (a user always acts as the token subject)' })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  user_id?: number;
}
