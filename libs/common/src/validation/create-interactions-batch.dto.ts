import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsISO8601, Max, Min, ValidateNested } from 'class-validator';
import { MAX_BATCH_RECORDS, MAX_USER_ID, type BatchInteractionInput, type RpcRequest } from '@app/contracts';
import { OptionalNotNull } from './optional';
import { SwipeDto } from './swipe.dto';

/** One historical interaction, migrated from another system: a swipe with its actor and time. */
export class BatchInteractionDto extends SwipeDto implements BatchInteractionInput {
  @ApiProperty({ example: 1, description: 'The actor' })
  @IsInt()
  @Min(1)
  @Max(MAX_USER_ID)
  user_id: number;

  @ApiPropertyOptional({ example: '2026-10-01T12:00:00Z', description: 'When it happened (default: now)' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  created_at?: string;
}

/** Up to 1,000 interactions; all-or-nothing, with an error per bad record (interactions.<i>.<field>). */
export class CreateInteractionsBatchDto implements RpcRequest<'interactions.create-batch'> {
  @ApiProperty({ type: [BatchInteractionDto], minItems: 1, maxItems: MAX_BATCH_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => BatchInteractionDto)
  interactions: BatchInteractionDto[];
}
