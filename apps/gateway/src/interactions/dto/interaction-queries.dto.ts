import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, Max, Min } from 'class-validator';
import { MAX_RECENT_HOURS, MAX_RECENT_LIMIT, SWIPE_TYPES, type SwipeType } from '@app/contracts';
import type { Direction, Granularity } from '@app/contracts';
import { PageQueryDto } from '../../http/page-query.dto';

export class ListInteractionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SWIPE_TYPES })
  @IsOptional()
  @IsIn(SWIPE_TYPES, { message: `interaction_type must be one of ${SWIPE_TYPES.join(', ')}` })
  interaction_type?: SwipeType;

  @ApiPropertyOptional({ enum: ['given', 'received', 'both'], default: 'both' })
  @IsIn(['given', 'received', 'both'])
  direction: Direction = 'both';

  @ApiPropertyOptional({ example: '2026-11-01T00:00:00Z', description: 'From this time (inclusive, ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ example: '2026-12-01T00:00:00Z', description: 'Until this time (exclusive, ISO 8601)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}

export class RecentQueryDto {
  @ApiPropertyOptional({ example: 24, default: 24, minimum: 1, maximum: MAX_RECENT_HOURS })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RECENT_HOURS)
  hours: number = 24;

  @ApiPropertyOptional({ example: 20, default: 20, minimum: 1, maximum: MAX_RECENT_LIMIT })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RECENT_LIMIT)
  limit: number = 20;
}

export class TimelineQueryDto {
  @ApiPropertyOptional({ enum: ['hour', 'day'], default: 'day' })
  @IsIn(['hour', 'day'])
  granularity: Granularity = 'day';

  @ApiPropertyOptional({
    example: '2026-11-01T00:00:00Z',
    description: 'Start (ISO 8601); default 30 days (day) or 48 hours (hour) ago',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  since?: string;

  @ApiPropertyOptional({ example: '2026-11-27T00:00:00Z', description: 'End, exclusive (ISO 8601); default now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  until?: string;
}
