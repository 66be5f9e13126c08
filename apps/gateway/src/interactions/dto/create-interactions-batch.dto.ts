import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO8601, IsObject, Max, Min, ValidateNested } from 'class-validator';
import { OptionalNotNull, OptionalNullable } from '../../http/optional';
import { SWIPE_TYPES, type SwipeType } from '@app/ml/types';
import { MAX_BATCH } from '../../users/dto/create-users-batch.dto';
import { InteractionResponse } from './interaction.response';

/** One historical interaction, migrated from another system. */
export class BatchInteractionDto {
  @ApiProperty({ example: 1, description: 'The actor' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  user_id: number;

  @ApiProperty({ example: 2 })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  target_user_id: number;

  @ApiProperty({ enum: SWIPE_TYPES, example: 'like' })
  @IsIn(SWIPE_TYPES, { message: `interaction_type must be one of ${SWIPE_TYPES.join(', ')}` })
  interaction_type: SwipeType;

  @ApiPropertyOptional({ example: { source: 'legacy-app' } })
  @OptionalNullable()
  @IsObject()
  context?: Record<string, unknown>;

  @ApiPropertyOptional({ example: '2026-10-01T12:00:00Z', description: 'When it happened (default: now)' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  created_at?: string;
}

/** Up to 1,000 interactions; all-or-nothing, with an error per bad record (interactions.<i>.<field>). */
export class CreateInteractionsBatchDto {
  @ApiProperty({ type: [BatchInteractionDto], minItems: 1, maxItems: MAX_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH)
  @ValidateNested({ each: true })
  @Type(() => BatchInteractionDto)
  interactions: BatchInteractionDto[];
}

export class InteractionsBatchResponse {
  @ApiProperty({ example: 2 }) created: number;
  @ApiProperty({ example: 0, description: 'Identical records already stored (skipped)' }) existing: number;
  @ApiProperty({ type: [InteractionResponse] }) items: InteractionResponse[];
}
