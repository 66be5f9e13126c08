import { ApiProperty, ApiPropertyOptional, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, Max, Min, ValidateNested } from 'class-validator';
import { OptionalNotNull } from '@app/common/validation/optional';
import { MAX_BATCH_RECORDS } from '@app/contracts';
import { CreateInteractionDto } from './create-interaction.dto';
import { InteractionResponse } from './interaction.response';

/** One historical interaction, migrated from another system: a swipe with its actor and time. */
export class BatchInteractionDto extends PickType(CreateInteractionDto, [
  'target_user_id',
  'interaction_type',
  'context',
] as const) {
  @ApiProperty({ example: 1, description: 'The actor' })
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  user_id: number;

  @ApiPropertyOptional({ example: '2026-10-01T12:00:00Z', description: 'When it happened (default: now)' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  created_at?: string;
}

/** Up to 1,000 interactions; all-or-nothing, with an error per bad record (interactions.<i>.<field>). */
export class CreateInteractionsBatchDto {
  @ApiProperty({ type: [BatchInteractionDto], minItems: 1, maxItems: MAX_BATCH_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => BatchInteractionDto)
  interactions: BatchInteractionDto[];
}

export class InteractionsBatchResponse {
  @ApiProperty({ example: 2 }) created: number;
  @ApiProperty({ example: 0, description: 'Identical records already stored (skipped)' }) existing: number;
  @ApiProperty({ type: [InteractionResponse] }) items: InteractionResponse[];
}
