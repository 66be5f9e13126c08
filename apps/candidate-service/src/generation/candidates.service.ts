import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DomainError, type GenerateCandidatesReply, type GenerateCandidatesRequest, type SimilarUsersReply } from '@app/contracts';
import { CANDIDATE_CONFIG, type CandidateConfig } from '../config/candidate-config';
import { hasLocation } from '../eligibility/eligibility';
import { toViewer, VIEWER_SQL, type Viewer } from '../eligibility/viewer';
import { ModelStore } from '../index/model-store.service';
import { collaborativeArm, freshArm, popularArm } from '../sources/memory-arms';
import { armShares, fetchSize, mergeArms, planQuotas } from '../sources/merge';
import { PopularityService } from '../sources/popularity.service';
import { profileArms, reciprocalArm, type Query } from '../sources/sql-arms';
import { parseFilters, parseK, parseLimit, parseUserId } from './request';

/**
 * candidates.generate: runs the arms concurrently (each one filtered by the same eligibility
 * predicate), then merges them under per-arm quotas into at most k distinct candidates.
 */
@Injectable()
export class CandidatesService {
  private readonly query: Query;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(CANDIDATE_CONFIG) private readonly config: CandidateConfig,
    private readonly models: ModelStore,
    private readonly popularity: PopularityService,
  ) {
    this.query = (sql, params) => this.ds.query(sql, params);
  }

  async generate(request: GenerateCandidatesRequest): Promise<GenerateCandidatesReply> {
    const userId = parseUserId(request?.user_id);
    const k = parseK(request.k, this.config.CANDIDATE_GENERATION_TOP_K);
    const filters = parseFilters(request.filters);
    const viewer = await this.viewer(userId);
    if (filters.maxDistanceKm !== undefined && !hasLocation(viewer)) {
      throw DomainError.invalid('filters.max_distance_km', 'needs the user\u2019s latitude and longitude, which are not set');
    }
    // One snapshot for the whole request, even if a new version goes live meanwhile.
    const snapshot = this.models.current;
    const warm = viewer.swipes > 0;
    const quotas = planQuotas(k, armShares({ warm, inModel: !!snapshot?.has(viewer.id) }));
    const [profiles, reciprocal] = await Promise.all([
      profileArms(this.query, viewer, filters, fetchSize(quotas.content), this.config.CANDIDATE_POOL_MAX),
      reciprocalArm(this.query, viewer, filters, fetchSize(quotas.reciprocal)),
    ]);
    // Arms scored in memory over the pool cost nothing extra to run deep: up to k each, so the
    // merge can fill a short arm's places. The ANN path asks SQL per round, so it keeps the slack.
    const deep = (quota: number) => (quota > 0 ? Math.max(fetchSize(quota), k) : 0);
    const collaborative = await collaborativeArm(this.query, snapshot, viewer, filters, profiles, profiles.complete ? deep(quotas.collaborative) : fetchSize(quotas.collaborative));
    const content = profiles.content;
    const fresh = freshArm(this.popularity, profiles.pool, deep(quotas.fresh));
    const popular = popularArm(this.popularity, profiles.pool, deep(quotas.popular));
    const candidates = mergeArms({ collaborative, content, reciprocal, fresh, popular }, quotas, k);
    return { user_id: userId, candidates, model_version: snapshot?.version ?? null, cold_start: !warm };
  }

  /** candidates.similar: nearest users by embeddings, among existing active users. */
  async similar(request: { user_id: number; limit?: number }): Promise<SimilarUsersReply> {
    const userId = parseUserId(request?.user_id);
    const limit = parseLimit(request.limit);
    const [exists] = await this.ds.query<{ id: number }[]>('SELECT id FROM users WHERE id = $1', [userId]);
    if (!exists) throw DomainError.notFound('user', userId);
    const snapshot = this.models.current;
    if (!snapshot) return { user_id: userId, items: [], model_version: null };
    // Over-fetch, then keep the active ones: inactive profiles are not shown anywhere.
    const found = snapshot.similar(userId, limit * 3);
    const active = await this.ds.query<{ id: number }[]>('SELECT id FROM users WHERE id = ANY($1::int[]) AND is_active', [found.map((s) => s.user_id)]);
    const ok = new Set(active.map((r) => r.id));
    return { user_id: userId, items: found.filter((s) => ok.has(s.user_id)).slice(0, limit), model_version: snapshot.version };
  }

  private async viewer(userId: number): Promise<Viewer> {
    const [row] = await this.ds.query(VIEWER_SQL, [userId]);
    if (!row) throw DomainError.notFound('user', userId);
    return toViewer(row);
  }
}
