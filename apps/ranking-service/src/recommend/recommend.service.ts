import { Inject, Injectable, Logger } from '@nestjs/common';
import { RpcClient } from '@app/common';
import {
  DomainError,
  ErrorCode,
  Subjects,
  type Candidate,
  type CandidateSource,
  type FeatureBatchReply,
  type RecommendationsReply,
  type RpcRequest,
} from '@app/contracts';
import type { RankerModel } from '@app/ml/ranker/model';
import { RecommendationCache } from '../cache/recommendation-cache';
import { impressionPage } from '../impressions/impression-pages';
import { ImpressionsWriter } from '../impressions/impressions.writer';
import { ActiveModel } from '@app/common/models/active-model';
import { RankingConfig } from '../ranking.config';
import { currentScorer } from '../scoring/active-ranker';
import { featuresFromCandidates } from '../scoring/candidate-features';
import { FALLBACK_RANKER } from '../scoring/fallback-ranker';
import type { ViewPolicy } from '../privacy/recommendation-disclosure';
import { pageOfRecommendations } from '../scoring/rank-views';
import { sameFeatures, scorePairs } from '../scoring/score-pairs';
import { poolSize } from './pool';
import { type DegradedReason, RecommendationMetrics } from './recommendation-metrics';

/**
 * The recommendation flow: cache → candidates (candidate-service) → both directions' features
 * (feature-service, one batch) → p_like and p_liked_back → match chance → re-rank → explain →
 * cache and log the impressions. When the feature store cannot answer, the page is ordered from
 * what candidate generation knew instead (candidate-features.ts) and says `degraded: true`: a
 * coarser page beats a 503. Candidate generation itself has no cheaper stand-in: without it the
 * request fails with 503.
 */
@Injectable()
export class RecommendService {
  private readonly logger = new Logger(RecommendService.name);

  constructor(
    private readonly rpc: RpcClient,
    private readonly cache: RecommendationCache,
    private readonly impressions: ImpressionsWriter,
    @Inject(ActiveModel) private readonly ranker: ActiveModel<RankerModel>,
    private readonly config: RankingConfig,
    private readonly counted: RecommendationMetrics,
  ) {}

  /** A page of recommendations as the reader may see it (`policy`: privacy/recommendation-disclosure.ts). */
  async recommend(
    q: RpcRequest<'ranking.recommend'>,
    requestId: string | null,
    policy: ViewPolicy,
  ): Promise<RecommendationsReply> {
    const params = {
      limit: q.limit,
      offset: q.offset,
      explain: q.explain,
      filters: q.filters,
      audience: policy.audience,
    };
    const key = await this.cache.keyFor(q.user_id, params);
    const hit = await this.cache.get(key);
    if (hit) {
      // A cached page is shown again, so it is logged again (with this request's id): impressions
      // count exposure, which is what training's weak negatives and the performance report need.
      const reply = { ...hit, cached: true, request_id: requestId };
      this.impressions.log(impressionPage(q.user_id, reply.items, reply.model_versions, requestId, Date.now()));
      this.counted.served(reply);
      return reply;
    }
    const reply = await this.compute(q, requestId, policy);
    this.impressions.log(impressionPage(q.user_id, reply.items, reply.model_versions, requestId, Date.now()));
    // A degraded page is not kept: the next request gets the full ranking as soon as it is back.
    if (!reply.degraded) await this.cache.set(key, reply);
    this.counted.served(reply);
    return reply;
  }

  private async compute(
    q: RpcRequest<'ranking.recommend'>,
    requestId: string | null,
    policy: ViewPolicy,
  ): Promise<RecommendationsReply> {
    // Pin the model for the whole request, so a swap midway cannot mix two versions in one page.
    const { model, version, scorer } = currentScorer(this.ranker);
    const k = poolSize(this.config.CANDIDATE_GENERATION_TOP_K, q.limit, q.offset);
    const generated = await this.rpc.send(
      Subjects.candidates.generate,
      { user_id: q.user_id, k, ...(q.filters ? { filters: q.filters } : {}) },
      { requestId },
    );
    const sources = new Map<number, CandidateSource[]>(generated.candidates.map((c) => [c.user_id, c.sources]));
    const page = { limit: q.limit, offset: q.offset, explain: q.explain };
    const versions = { ranker: version, embeddings: null as number | null, candidates: generated.model_version };
    const reply = {
      user_id: q.user_id,
      limit: q.limit,
      offset: q.offset,
      cached: false,
      request_id: requestId,
    };
    if (generated.candidates.length === 0)
      return { ...reply, items: [], model_versions: versions, scorer, degraded: false };
    const features = await this.features(q.user_id, generated.candidates, requestId);
    const skew = 'features' in features && !sameFeatures(model, features.features.feature_names);
    if ('degraded' in features || skew) {
      const reason: DegradedReason = skew ? 'feature-list-mismatch' : 'features-unavailable';
      this.counted.degraded(reason);
      const scored = scorePairs(FALLBACK_RANKER, featuresFromCandidates(generated.candidates));
      return {
        ...reply,
        items: pageOfRecommendations(FALLBACK_RANKER, scored, sources, page, policy),
        model_versions: { ...versions, ranker: null },
        scorer: 'fallback',
        degraded: true,
      };
    }
    return {
      ...reply,
      items: pageOfRecommendations(model, scorePairs(model, features.features), sources, page, policy),
      model_versions: { ...versions, embeddings: features.features.embeddings_version },
      scorer,
      degraded: false,
    };
  }

  /**
   * Both directions' vectors from the feature store, or `degraded` when it does not answer
   * (unavailable, or not within FEATURES_TIMEOUT_MS). Its refusals (a viewer who no longer exists) still fail
   * the request: those are answers, not outages.
   */
  private async features(
    viewerId: number,
    candidates: readonly Candidate[],
    requestId: string | null,
  ): Promise<{ features: FeatureBatchReply } | { degraded: true }> {
    // Candidate generation read the viewer's likes already; the viewer swiped none of the candidates (a hard rule).
    const knownLikes = {
      liked_viewer: candidates.filter((c) => c.liked_viewer).map((c) => c.user_id),
      liked_by_viewer: [],
    };
    try {
      const features = await this.rpc.send(
        Subjects.features.batch,
        { viewer_id: viewerId, candidate_ids: candidates.map((c) => c.user_id), known_likes: knownLikes },
        { requestId, timeoutMs: Math.min(this.config.FEATURES_TIMEOUT_MS, this.config.RPC_TIMEOUT_MS) },
      );
      return { features };
    } catch (err) {
      if (!(err instanceof DomainError) || err.code !== ErrorCode.ServiceUnavailable) throw err;
      this.logger.warn({ msg: `degraded page: ${err.message}`, request_id: requestId ?? undefined });
      return { degraded: true };
    }
  }
}
