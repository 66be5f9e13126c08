import { Inject, Injectable } from '@nestjs/common';
import { RpcClient } from '@app/common';
import {
  DomainError,
  ErrorCode,
  Subjects,
  type CandidateSource,
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
import type { ViewPolicy } from '../privacy/recommendation-disclosure';
import { pageOfRecommendations } from '../scoring/rank-views';
import { assertSameFeatures, scorePairs } from '../scoring/score-pairs';
import { poolSize } from './pool';
import { RecommendationMetrics } from './recommendation-metrics';

/**
 * The recommendation flow: cache → candidates (candidate-service) → both directions' features
 * (feature-service, one batch) → p_like and p_liked_back → match chance → re-rank → explain →
 * cache and log the impressions.
 */
@Injectable()
export class RecommendService {
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
    await this.cache.set(key, reply);
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
    let embeddingsVersion: number | null = null;
    let items: RecommendationsReply['items'] = [];
    if (generated.candidates.length > 0) {
      // Candidate generation read the viewer's likes already; the viewer swiped none of the candidates (a hard rule).
      const knownLikes = {
        liked_viewer: generated.candidates.filter((c) => c.liked_viewer).map((c) => c.user_id),
        liked_by_viewer: [],
      };
      const features = await this.rpc.send(
        Subjects.features.batch,
        { viewer_id: q.user_id, candidate_ids: generated.candidates.map((c) => c.user_id), known_likes: knownLikes },
        { requestId },
      );
      embeddingsVersion = features.embeddings_version;
      try {
        assertSameFeatures(model, features.feature_names);
      } catch (err) {
        throw new DomainError(ErrorCode.Internal, (err as Error).message);
      }
      const page = { limit: q.limit, offset: q.offset, explain: q.explain };
      items = pageOfRecommendations(model, scorePairs(model, features), sources, page, policy);
    }
    return {
      user_id: q.user_id,
      items,
      limit: q.limit,
      offset: q.offset,
      model_versions: { ranker: version, embeddings: embeddingsVersion, candidates: generated.model_version },
      scorer,
      cached: false,
      request_id: requestId,
    };
  }
}
