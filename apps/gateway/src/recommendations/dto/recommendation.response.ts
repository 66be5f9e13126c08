import { ApiProperty, ApiPropertyOptional, type ApiPropertyOptions } from '@nestjs/swagger';

const SOURCES = ['collaborative', 'content', 'reciprocal', 'exploration'];

export class ContributionResponse {
  @ApiProperty({ example: 'interest_jaccard' }) feature: string;
  @ApiProperty({ example: 0.4, description: 'The feature value' }) value: number;
  @ApiProperty({
    example: 1.2,
    description: "Its share of the ranker's logit (standardised scale); positive raised the score",
  })
  contribution: number;
}

export class RecommendationResponse {
  @ApiProperty({ example: 42 }) user_id: number;
  @ApiProperty({ example: 0.2142, description: 'Chance of a match: p_like × p_liked_back' }) score: number;
  @ApiProperty({ example: 0.51, description: 'The viewer likes the candidate' }) p_like: number;
  @ApiProperty({ example: 0.42, description: 'The candidate likes the viewer back' }) p_liked_back: number;
  @ApiProperty({ enum: SOURCES, isArray: true, example: ['collaborative', 'content'] }) sources: string[];
  @ApiProperty({ example: ['liked you', 'likes hiking and photography like you', 'new here'], type: [String] })
  explanation: string[];
  @ApiProperty({
    type: [ContributionResponse],
    description: 'Filled by the explain endpoint and by rank; empty otherwise',
  })
  contributions: ContributionResponse[];
  @ApiProperty({ example: 1, description: '1-based position in the whole list (offset included)' }) position: number;
  @ApiProperty({ example: ['hiking', 'photography'], type: [String] }) shared_interests: string[];
  @ApiPropertyOptional({ example: 3.2, nullable: true, type: Number }) distance_km: number | null;
}

const MODEL_VERSIONS = {
  type: 'object' as const,
  additionalProperties: { type: 'integer', nullable: true },
  example: { ranker: 3, embeddings: 5, candidates: 5 },
  description: 'Versions that produced the list; ranker null means the fallback scorer',
} satisfies ApiPropertyOptions;

export class RecommendationsResponse {
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty({ type: [RecommendationResponse] }) items: RecommendationResponse[];
  @ApiProperty({ example: 10 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
  @ApiProperty(MODEL_VERSIONS) model_versions: Record<string, number | null>;
  @ApiProperty({
    enum: ['ranker', 'fallback'],
    example: 'ranker',
    description: "'fallback': no ranker is trained yet; a documented hand-weighted scorer ranked the list",
  })
  scorer: string;
  @ApiProperty({
    example: false,
    description:
      'The feature store could not answer: the page was ordered from what candidate generation knew (liked you, ' +
      'embedding similarity) by the fallback scorer, rather than failing; not cached. Retry later for the full ranking',
  })
  degraded: boolean;
  @ApiProperty({
    example: false,
    description: 'Served from the short-lived cache (a swipe of the viewer invalidates it)',
  })
  cached: boolean;
  @ApiPropertyOptional({ example: '5d0c7e0e-6a3c-4a43-9a3b-2f1f0f8e8d11', nullable: true, type: String }) request_id:
    string | null;
}

export class RejectedCandidateResponse {
  @ApiProperty({ example: 56 }) user_id: number;
  @ApiProperty({
    enum: [
      'self',
      'not_found',
      'inactive',
      'already_swiped',
      'blocked',
      'gender_preference',
      'age_preference',
      'distance_preference',
    ],
    example: 'already_swiped',
  })
  reason: string;
}

export class RankResponse {
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty({ type: [RecommendationResponse], description: 'Eligible candidates, best match first' })
  items: RecommendationResponse[];
  @ApiProperty({ type: [RejectedCandidateResponse], description: 'Candidates a hard rule excludes, with the rule' })
  rejected: RejectedCandidateResponse[];
  @ApiProperty(MODEL_VERSIONS) model_versions: Record<string, number | null>;
  @ApiProperty({ enum: ['ranker', 'fallback'], example: 'ranker' }) scorer: string;
  @ApiPropertyOptional({ example: '5d0c7e0e-6a3c-4a43-9a3b-2f1f0f8e8d11', nullable: true, type: String }) request_id:
    string | null;
}

export class VersionPerformanceResponse {
  @ApiPropertyOptional({ example: 3, nullable: true, type: Number, description: 'null: the fallback scorer' })
  ranker_version: number | null;
  @ApiProperty({ enum: ['ranker', 'fallback'], example: 'ranker' }) scorer: string;
  @ApiProperty({ example: 1200, description: 'Profiles shown' }) served: number;
  @ApiProperty({ example: 950, description: 'Distinct (viewer, candidate) pairs shown' }) pairs: number;
  @ApiProperty({ example: 80 }) viewers: number;
  @ApiProperty({ example: 190, description: 'Pairs liked after being shown' }) liked: number;
  @ApiProperty({ example: 0.2 }) like_rate: number;
  @ApiProperty({ example: 38, description: 'Liked pairs that are matches now' }) matched: number;
  @ApiProperty({ example: 0.04 }) match_rate: number;
}

export class LatencyResponse {
  @ApiProperty({ example: 5400 }) count: number;
  @ApiProperty({ example: 6.1 }) p50: number;
  @ApiProperty({ example: 11.4 }) p90: number;
  @ApiProperty({ example: 24.9 }) p99: number;
}

export class PerformanceResponse {
  @ApiProperty({ example: 24 }) window_hours: number;
  @ApiProperty({ example: '2026-11-25T10:00:00.000Z' }) since: string;
  @ApiProperty({ type: [VersionPerformanceResponse] }) versions: VersionPerformanceResponse[];
  @ApiProperty({
    type: LatencyResponse,
    description: 'ranking.recommend latency over the last 10 minutes (one ranking-service replica)',
  })
  latency_ms: LatencyResponse;
}

export class EnqueuedJobResponse {
  @ApiProperty({ example: '17' }) job_id: string;
  @ApiProperty({ example: 'full-retrain' }) name: string;
}

export class ModelVersionResponse {
  @ApiProperty({ enum: ['embeddings', 'ranker'], example: 'ranker' }) kind: string;
  @ApiProperty({ example: 3 }) version: number;
  @ApiProperty({ enum: ['training', 'rejected', 'active', 'retired', 'failed'], example: 'active' }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { max_rows: 300000, holdout_fraction: 0.2 } })
  params: Record<string, unknown>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { auc: 0.81, learned_auc: 0.81, bias_auc: 0.79, log_loss: 0.52, calibration_error: 0.01 },
    description: 'Offline metrics on the held-out slice',
  })
  metrics: Record<string, number>;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { users: 10000, interactions: 480000, impressions: 12000 },
  })
  data: Record<string, number>;
  @ApiProperty({ example: '2026-11-26T09:00:00.000Z' }) trained_at: string;
  @ApiPropertyOptional({ example: '2026-11-26T09:05:00.000Z', nullable: true, type: String }) activated_at:
    string | null;
  @ApiPropertyOptional({
    example: 'activated: at least as good: auc 0.8100 vs active 0.8000 on the same held-out slice',
    nullable: true,
    type: String,
    description: 'Why it was activated or rejected (or why it failed)',
  })
  decision?: string | null;
  @ApiPropertyOptional({
    example: 'learned',
    nullable: true,
    type: String,
    description:
      "Which model the version is: a ranker is 'learned', or 'bias-only' when the learned ranker did not beat the bias-only model (openness and appeal alone) on the held-out slice, which then serves",
  })
  model?: string | null;
}

export class ModelVersionsResponse {
  @ApiProperty({ type: [ModelVersionResponse] }) versions: ModelVersionResponse[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { embeddings: 5, ranker: 3 },
    description: 'Active version per kind',
  })
  active: Record<string, number>;
}

export class JobStatusResponse {
  @ApiProperty({ example: '17' }) id: string;
  @ApiProperty({ example: 'full-retrain' }) name: string;
  @ApiProperty({ enum: ['waiting', 'active', 'completed', 'failed', 'delayed', 'unknown'], example: 'active' })
  state: string;
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'object', additionalProperties: true }],
    example: { step: 'train-ranker', percent: 60 },
    description: 'A percentage or a structured progress report',
  })
  progress: number | Record<string, unknown>;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiProperty({ example: ['embeddings: epoch 10/10, loss 0.41'], type: [String] }) logs: string[];
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: null,
    description: 'The result once completed',
  })
  result: unknown;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) failed_reason: string | null;
  @ApiPropertyOptional({ example: '2026-11-26T09:00:00.000Z', nullable: true, type: String }) created_at: string | null;
  @ApiPropertyOptional({ example: null, nullable: true, type: String }) finished_at: string | null;
}

export class SimilarUserResponse {
  @ApiProperty({ example: 77 }) user_id: number;
  @ApiProperty({ example: 0.81, description: 'Mean of the taste and appeal cosine similarities, -1..1' }) score: number;
  @ApiProperty({ example: 0.86, description: 'Cosine of the taste vectors: they like the same people' }) taste: number;
  @ApiProperty({ example: 0.76, description: 'Cosine of the appeal vectors: the same people like them' })
  appeal: number;
}

export class SimilarUsersResponse {
  @ApiProperty({ example: 1 }) user_id: number;
  @ApiProperty({ type: [SimilarUserResponse] }) items: SimilarUserResponse[];
  @ApiPropertyOptional({
    example: 5,
    nullable: true,
    type: Number,
    description: 'Embeddings version; null when none is trained (items are then empty)',
  })
  model_version: number | null;
}
