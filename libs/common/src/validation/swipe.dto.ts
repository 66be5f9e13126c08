import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsObject, Max, Min, ValidateBy } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { MAX_USER_ID, SWIPE_TYPES, type SwipeType } from '@app/contracts';
import { OptionalNullable } from './optional';

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

/**
 * What every swipe or block names: whom, how, and its free-form context. The API's swipe, a
 * batch record and the interaction service's request add who acts (and when, or a key).
 */
export class SwipeDto {
  @ApiProperty({ example: 2, description: 'Whom the swipe is about' })
  @IsInt()
  @Min(1)
  @Max(MAX_USER_ID)
  target_user_id: number;

  @ApiProperty({ enum: SWIPE_TYPES, example: 'like' })
  @IsIn(SWIPE_TYPES, { message: `interaction_type must be one of ${SWIPE_TYPES.join(', ')}` })
  interaction_type: SwipeType;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    example: { source: 'recommendation' },
    description: 'Free-form JSON (at most 2 KB)',
  })
  // For asyncapi.json (inbound swipes), in place of what the converter makes of the custom size rule.
  @JSONSchema(() => ({
    type: ['object', 'null'],
    additionalProperties: true,
    description: 'Free-form JSON (at most 2 KB)',
  }))
  @OptionalNullable()
  @IsObject()
  @SmallJson()
  context?: Record<string, unknown> | null;
}
