import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { DurableConsumers, type DeadLetterDetail, type DeadLetterView } from '@app/contracts';

const CONSUMERS = Object.values(DurableConsumers);

export class DeadLetterQueryDto {
  @ApiPropertyOptional({ enum: CONSUMERS, description: 'Only the dead letters of this durable consumer' })
  @IsOptional()
  @IsIn(CONSUMERS)
  consumer?: string;

  @ApiPropertyOptional({
    description: 'Only those after this sequence number (the last one of the previous page)',
    example: 0,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ description: 'How many at most', minimum: 1, maximum: 100, default: 50 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 50;
}

export class DeadLetterResponse implements DeadLetterView {
  @ApiProperty({ example: 12, description: 'Its sequence number in the dead-letter stream' }) seq: number;
  @ApiProperty({ enum: CONSUMERS, example: 'feature-service-counters' }) consumer: string;
  @ApiProperty({ example: 'events.interaction.created' }) subject: string;
  @ApiProperty({ example: 4812, description: 'Its sequence number in the event stream' }) original_seq: number;
  @ApiProperty({ example: 5 }) deliveries: number;
  @ApiProperty({ example: 'Redis did not answer within 2000 ms' }) error: string;
  @ApiProperty({ example: '2026-12-07T22:40:00.000Z' }) dead_at: string;
  @ApiProperty({ nullable: true, type: String, example: '5d0c7e0e-6a3c-4a43-9a3b-2f1f0f8e8d11' }) request_id:
    string | null;
}

export class DeadLetterPageResponse {
  @ApiProperty({ type: [DeadLetterResponse] }) items: DeadLetterResponse[];
}

export class DeadLetterDetailResponse extends DeadLetterResponse implements DeadLetterDetail {
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The event's payload (ids only: events carry no profile fields)",
    example: { interaction: { id: 9, user_id: 1, target_user_id: 2 }, is_match: false },
  })
  payload: unknown;
}
