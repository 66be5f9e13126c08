import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  MAX_CANDIDATE_POOL,
  MAX_PERFORMANCE_WINDOW_HOURS,
  MAX_RECOMMENDATION_LIMIT,
  SIMILAR_MAX_LIMIT,
} from '@app/contracts';
import { OptionalAgeQuery } from '../../http/age-query';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, MaxLength, Min } from 'class-validator';

/** Page and optional narrowing of recommendations (on top of both people's own preferences). */
export class RecommendationsQueryDto {
  @ApiPropertyOptional({ example: 10, default: 20, minimum: 1, maximum: MAX_RECOMMENDATION_LIMIT })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_RECOMMENDATION_LIMIT)
  limit: number = 20;

  @ApiPropertyOptional({
    example: 0,
    default: 0,
    minimum: 0,
    description: `offset + limit may not exceed ${MAX_CANDIDATE_POOL}`,
  })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_CANDIDATE_POOL - 1)
  offset: number = 0;

  @OptionalAgeQuery(25, 'Only candidates at least this old')
  min_age?: number;

  @OptionalAgeQuery(35, 'Only candidates at most this old')
  max_age?: number;

  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 20000, description: 'Only candidates within this many km' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(20000)
  max_distance_km?: number;

  @ApiPropertyOptional({ example: 'hiking', description: 'Only candidates listing this interest (case-insensitive)' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  interest?: string;
}

/** The request's class is the one the ranking service checks its own input with. */
export { RankCandidatesDto } from '@app/common/validation/rank-candidates.dto';

export class RefreshDto {
  @ApiPropertyOptional({
    example: 'new cohort imported',
    description: 'Why a retrain is wanted (kept with the job)',
    default: 'manual refresh',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class PerformanceQueryDto {
  @ApiPropertyOptional({
    example: 24,
    default: 24,
    minimum: 1,
    maximum: MAX_PERFORMANCE_WINDOW_HOURS,
    description: 'The window, in hours before now',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PERFORMANCE_WINDOW_HOURS)
  window_hours: number = 24;
}

export class SimilarQueryDto {
  @ApiPropertyOptional({ example: 10, default: 20, minimum: 1, maximum: SIMILAR_MAX_LIMIT })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SIMILAR_MAX_LIMIT)
  limit: number = 20;
}

export class VersionsQueryDto {
  @ApiPropertyOptional({ enum: ['embeddings', 'ranker'], description: 'Only this kind of model' })
  @IsOptional()
  @IsIn(['embeddings', 'ranker'])
  kind?: 'embeddings' | 'ranker';
}
