/** Schemas of candidate generation, the feature store and ranking (candidates.*, features.*, ranking.*). */
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsObject,
  IsPositive,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  MAX_CANDIDATE_POOL,
  MAX_FEATURE_BATCH,
  MAX_PERFORMANCE_WINDOW_HOURS,
  MAX_RECOMMENDATION_LIMIT,
  SIMILAR_MAX_LIMIT,
  type CandidateFilters,
  type FeatureBatchRequest,
  type GenerateCandidatesRequest,
  type KnownLikes,
  type RpcRequest,
} from '@app/contracts';
import { OptionalNotNull } from '../optional';
import { RankCandidatesDto } from '../rank-candidates.dto';
import { IsId, IsIdList, NotAbove, OptionalAge, SumWithin } from './fields';

/** Beyond this many km (half the earth's circumference, rounded up) a distance filter excludes no one. */
const MAX_FILTER_DISTANCE_KM = 20_100;

/** A client's narrowing of candidates, on top of both people's own preferences. */
export class CandidateFiltersDto implements CandidateFilters {
  @OptionalAge()
  @NotAbove('max_age')
  min_age?: number;

  @OptionalAge()
  max_age?: number;

  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @IsPositive()
  @Max(MAX_FILTER_DISTANCE_KM)
  max_distance_km?: number;

  @OptionalNotNull()
  @IsString()
  @Length(1, 50)
  @Matches(/\S/, { message: 'interest must contain a visible character' })
  interest?: string;
}

const Filters = (): PropertyDecorator => (target, key) => {
  OptionalNotNull()(target, key);
  IsObject()(target, key);
  ValidateNested()(target, key);
  Type(() => CandidateFiltersDto)(target, key);
};

export class GenerateCandidatesRequestDto implements GenerateCandidatesRequest {
  @IsId()
  user_id: number;

  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_CANDIDATE_POOL)
  k?: number;

  @Filters()
  filters?: CandidateFiltersDto;
}

export class SimilarUsersRequest implements RpcRequest<'candidates.similar'> {
  @IsId()
  user_id: number;

  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(SIMILAR_MAX_LIMIT)
  limit?: number;
}

export class KnownLikesDto implements KnownLikes {
  @IsIdList(MAX_FEATURE_BATCH)
  liked_viewer: number[];

  @IsIdList(MAX_FEATURE_BATCH)
  liked_by_viewer: number[];
}

export class FeatureBatchRequestDto implements FeatureBatchRequest {
  @IsId()
  viewer_id: number;

  @IsIdList(MAX_FEATURE_BATCH)
  candidate_ids: number[];

  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => KnownLikesDto)
  known_likes?: KnownLikesDto;
}

export class RecommendRequest implements RpcRequest<'ranking.recommend'> {
  @IsId()
  user_id: number;

  @IsInt()
  @Min(1)
  @Max(MAX_RECOMMENDATION_LIMIT)
  limit: number;

  @IsInt()
  @Min(0)
  @SumWithin('limit', MAX_CANDIDATE_POOL)
  offset: number;

  @Filters()
  filters?: CandidateFiltersDto;

  @IsBoolean()
  explain: boolean;
}

/** The API's list of candidates to rank, for a viewer. */
export class RankRequest extends RankCandidatesDto implements RpcRequest<'ranking.rank'> {
  @IsId()
  user_id: number;
}

export class PerformanceRequest implements RpcRequest<'ranking.performance'> {
  @IsInt()
  @Min(1)
  @Max(MAX_PERFORMANCE_WINDOW_HOURS)
  window_hours: number;
}
