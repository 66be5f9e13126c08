import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RpcClient } from '@app/common';
import {
  MAX_CANDIDATE_POOL,
  MAX_RANK_CANDIDATES,
  normalizeInterest,
  Subjects,
  type FieldError,
  type JobStatusView,
  type ModelKind,
  type ModelVersionView,
  type PerformanceReply,
  type RankReply,
  type RecommendationFilters,
  type RecommendationsReply,
  type SimilarUsersReply,
} from '@app/contracts';
import { AdminOnly, assertSelfOrAdmin } from '../auth/principal';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ApiErrors } from '../http/error.response';
import { UserIdPipe } from '../http/user-id.pipe';
import { validationFailed } from '../http/validation';
import { perItems, RECOMMENDATIONS_COST, SIMILAR_COST } from '../rate-limits/rate-cost';
import { RateCost } from '../rate-limits/rate-cost.decorator';
import {
  PerformanceQueryDto,
  RankCandidatesDto,
  RecommendationsQueryDto,
  RefreshDto,
  SimilarQueryDto,
  VersionsQueryDto,
} from './dto/recommendation-queries.dto';
import {
  EnqueuedJobResponse,
  JobStatusResponse,
  ModelVersionsResponse,
  PerformanceResponse,
  RankResponse,
  RecommendationsResponse,
  SimilarUsersResponse,
} from './dto/recommendation.response';
import { JobIdPipe } from './job-id.pipe';

/** Cross-field checks the decorators cannot express, reported like any other field error. */
function filtersOf(q: RecommendationsQueryDto): RecommendationFilters | undefined {
  const problems: FieldError[] = [];
  if (q.min_age !== undefined && q.max_age !== undefined && q.min_age > q.max_age)
    problems.push({ field: 'min_age', reasons: [`must not exceed max_age (${q.min_age} > ${q.max_age})`] });
  if (q.offset + q.limit > MAX_CANDIDATE_POOL)
    problems.push({ field: 'offset', reasons: [`offset + limit must not exceed ${MAX_CANDIDATE_POOL}`] });
  if (problems.length) throw validationFailed(problems);
  const filters: RecommendationFilters = {};
  if (q.min_age !== undefined) filters.min_age = q.min_age;
  if (q.max_age !== undefined) filters.max_age = q.max_age;
  if (q.max_distance_km !== undefined) filters.max_distance_km = q.max_distance_km;
  if (q.interest !== undefined) filters.interest = normalizeInterest(q.interest);
  return Object.keys(filters).length ? filters : undefined;
}

@ApiTags('recommendations')
@ApiBearerAuth()
@Controller('recommendations')
export class RecommendationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('users/:user_id/recommendations')
  @RateCost(RECOMMENDATIONS_COST)
  @ApiOperation({
    operationId: 'getRecommendations',
    summary:
      'Whom this user should see next: ranked by the chance of a match, with reasons (yourself, or anyone as admin)',
  })
  @ApiOkResponse({ type: RecommendationsResponse })
  @ApiErrors(403, 404)
  recommendations(
    @Param('user_id', UserIdPipe) id: number,
    @Query() q: RecommendationsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<RecommendationsReply> {
    return this.recommend(id, q, caller, false);
  }

  @Get('users/:user_id/recommendations/explain')
  @RateCost(RECOMMENDATIONS_COST)
  @ApiOperation({
    operationId: 'explainRecommendations',
    summary: 'The same recommendations with the feature contributions behind each score',
  })
  @ApiOkResponse({ type: RecommendationsResponse })
  @ApiErrors(403, 404)
  explain(
    @Param('user_id', UserIdPipe) id: number,
    @Query() q: RecommendationsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<RecommendationsReply> {
    return this.recommend(id, q, caller, true);
  }

  @Get('users/:user_id/similar')
  @RateCost(SIMILAR_COST)
  @ApiOperation({
    operationId: 'getSimilarUsers',
    summary: "People whose taste and appeal embeddings are closest to this user's (yourself, or anyone as admin)",
  })
  @ApiOkResponse({ type: SimilarUsersResponse })
  @ApiErrors(403, 404)
  similar(
    @Param('user_id', UserIdPipe) id: number,
    @Query() q: SimilarQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<SimilarUsersReply> {
    assertSelfOrAdmin(caller, id);
    return this.rpc.send(Subjects.candidates.similar, { user_id: id, limit: q.limit }, caller);
  }

  @Post('users/:user_id/rank')
  @RateCost(perItems('candidate_ids', MAX_RANK_CANDIDATES))
  @HttpCode(200)
  @ApiOperation({
    operationId: 'rankCandidates',
    summary:
      'Score and explain a list the app supplies; candidates a hard rule excludes come back in `rejected` with the rule',
  })
  @ApiOkResponse({ type: RankResponse })
  @ApiErrors(403, 404)
  rank(
    @Param('user_id', UserIdPipe) id: number,
    @Body() dto: RankCandidatesDto,
    @CurrentCaller() caller: Caller,
  ): Promise<RankReply> {
    assertSelfOrAdmin(caller, id);
    return this.rpc.send(Subjects.ranking.rank, { user_id: id, candidate_ids: dto.candidate_ids }, caller);
  }

  @Post('refresh')
  @AdminOnly()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'startRetrain',
    summary: 'Enqueue a full retrain (embeddings, index, ranker, aggregates) (admin); returns the job id to follow',
  })
  @ApiAcceptedResponse({ type: EnqueuedJobResponse })
  @ApiErrors(403)
  refresh(@Body() dto: RefreshDto, @CurrentCaller() caller: Caller): Promise<{ job_id: string; name: string }> {
    return this.rpc.send(
      Subjects.training.enqueue,
      { job: 'full-retrain', reason: dto.reason ?? 'manual refresh' },
      caller,
    );
  }

  @Get('jobs/:job_id')
  @AdminOnly()
  @ApiOperation({ operationId: 'getTrainingJob', summary: 'Status, progress and logs of a training job (admin)' })
  @ApiOkResponse({ type: JobStatusResponse })
  @ApiErrors(403, 404)
  job(@Param('job_id', JobIdPipe) jobId: string, @CurrentCaller() caller: Caller): Promise<JobStatusView> {
    return this.rpc.send(Subjects.training.jobStatus, { job_id: jobId }, caller);
  }

  @Get('performance')
  @AdminOnly()
  @ApiOperation({
    operationId: 'getRecommendationPerformance',
    summary:
      'Served counts, like and match rates of served recommendations per ranker version over a window, and latency (admin)',
  })
  @ApiOkResponse({ type: PerformanceResponse })
  @ApiErrors(403)
  performance(@Query() q: PerformanceQueryDto, @CurrentCaller() caller: Caller): Promise<PerformanceReply> {
    return this.rpc.send(Subjects.ranking.performance, { window_hours: q.window_hours }, caller);
  }

  @Get('algorithm/versions')
  @ApiOperation({
    operationId: 'listModelVersions',
    summary: 'Every model version with its offline metrics and training data, and which one is active',
  })
  @ApiOkResponse({ type: ModelVersionsResponse })
  @ApiErrors()
  versions(
    @Query() q: VersionsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ versions: ModelVersionView[]; active: Partial<Record<ModelKind, number>> }> {
    return this.rpc.send(Subjects.training.versions, q.kind ? { kind: q.kind } : {}, caller);
  }

  /** One page of recommendations for `id`, with or without the contributions behind each score. */
  private recommend(
    id: number,
    q: RecommendationsQueryDto,
    caller: Caller,
    explain: boolean,
  ): Promise<RecommendationsReply> {
    assertSelfOrAdmin(caller, id);
    const request = { user_id: id, limit: q.limit, offset: q.offset, filters: filtersOf(q), explain };
    return this.rpc.send(Subjects.ranking.recommend, request, caller);
  }
}
