import { Injectable } from '@nestjs/common';
import { ProfileMirror } from '@app/common';
import {
  type CallerRole,
  DomainError,
  type GenerateCandidatesReply,
  type GenerateCandidatesRequest,
  type SimilarUsersReply,
} from '@app/contracts';
import { type CandidateProfile, generateCandidates, hasLocation, rejectionReason } from '@app/ml/candidates';
import { CandidateConfig } from '../config/candidate-config';
import { ViewerHistoryService } from '../history/viewer-history.service';
import { ModelStore } from '../index/model-store.service';
import { PopularityService } from '../sources/popularity.service';
import { eligibilityFilters, kOf, similarLimitOf } from './request-options';

/**
 * candidates.generate: everything is in memory (profiles, the viewer's history, embeddings,
 * popularity; a viewer's history not held yet is one indexed query), and libs/ml's
 * generateCandidates does the rest: the eligible pool, the arms, the merge. The offline
 * evaluation runs that same function.
 */
@Injectable()
export class CandidatesService {
  constructor(
    private readonly config: CandidateConfig,
    private readonly models: ModelStore,
    private readonly profiles: ProfileMirror,
    private readonly popularity: PopularityService,
    private readonly history: ViewerHistoryService,
  ) {}

  async generate(request: GenerateCandidatesRequest): Promise<GenerateCandidatesReply> {
    const userId = request.user_id;
    const k = kOf(request.k, this.config.CANDIDATE_GENERATION_TOP_K);
    const filters = eligibilityFilters(request.filters);
    const [viewer, relations] = await Promise.all([this.viewer(userId), this.history.relations(userId)]);
    if (filters.maxDistanceKm !== undefined && !hasLocation(viewer)) {
      throw DomainError.invalid(
        'filters.max_distance_km',
        'needs the user\u2019s latitude and longitude, which are not set',
      );
    }
    // One snapshot for the whole request, even if a new version goes live meanwhile.
    const snapshot = this.models.current;
    const result = generateCandidates({
      table: this.profiles.table,
      viewer,
      filters,
      relations,
      k,
      tastes: snapshot,
      popularity: this.popularity,
      exactPoolMax: this.config.CANDIDATE_POOL_MAX,
      nowMs: Date.now(),
    });
    return {
      user_id: userId,
      candidates: result.candidates,
      model_version: snapshot?.version ?? null,
      cold_start: result.coldStart,
    };
  }

  /**
   * candidates.similar: nearest users by embeddings, among existing active users. To a user,
   * only people recommendations could show them (SECURITY.md): the same hard rules, both ways,
   * and no one in a block with them or already swiped; an admin sees every active user.
   */
  async similar(request: { user_id: number; limit?: number }, role: CallerRole): Promise<SimilarUsersReply> {
    const userId = request.user_id;
    const limit = similarLimitOf(request.limit);
    const viewer = await this.viewer(userId);
    const snapshot = this.models.current;
    if (!snapshot) return { user_id: userId, items: [], model_version: null };
    const table = this.profiles.table;
    let keep = (id: number): boolean => table.get(id)?.isActive === true;
    if (role !== 'admin') {
      const { excluded } = await this.history.relations(userId);
      const noRelation = { swiped: false, blocked: false };
      keep = (id) => !excluded.has(id) && rejectionReason(viewer, id, table.get(id), noRelation) === null;
    }
    return { user_id: userId, items: snapshot.similar(userId, limit, keep), model_version: snapshot.version };
  }

  private async viewer(id: number): Promise<CandidateProfile> {
    const viewer = (await this.profiles.getMany([id])).get(id);
    if (!viewer) throw DomainError.notFound('user', id);
    return viewer;
  }
}
