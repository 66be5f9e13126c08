import { Inject, Injectable } from '@nestjs/common';
import { type Disclosure, RpcClient } from '@app/common';
import { DomainError, ErrorCode, Subjects, type RankReply, type RejectionReason } from '@app/contracts';
import type { RankerModel } from '@app/ml/ranker/model';
import { ActiveModel } from '@app/common/models/active-model';
import { rejectionsFor, viewPolicy } from '../privacy/recommendation-disclosure';
import { currentScorer } from '../scoring/active-ranker';
import { rankedList } from '../scoring/rank-views';
import { assertSameFeatures, scorePairs } from '../scoring/score-pairs';
import { ProfilesRepository, ViewerRelationsRepository } from '@app/db';
import { rejectionReason } from '@app/ml/candidates';

/**
 * Scores and explains a list the app supplies; the hard rules still apply (libs/ml's
 * rejectionReason, the rules candidate generation runs). No impressions are
 * logged: the app, not this service, decides what of the list it shows.
 */
@Injectable()
export class RankService {
  constructor(
    private readonly profiles: ProfilesRepository,
    private readonly relations: ViewerRelationsRepository,
    private readonly rpc: RpcClient,
    @Inject(ActiveModel) private readonly ranker: ActiveModel<RankerModel>,
  ) {}

  /** The list scored and explained as the reader may see it; rejections as the caller may be told them. */
  async rank(
    viewerId: number,
    candidateIds: number[],
    requestId: string | null,
    disclosure: Disclosure,
  ): Promise<RankReply> {
    const ids = [...new Set(candidateIds)];
    const [users, { swiped, blocked }] = await Promise.all([
      this.profiles.findByIds([viewerId, ...ids]),
      this.relations.findRelationsWith(viewerId, ids),
    ]);
    const byId = new Map(users.map((u) => [u.id, u]));
    const viewer = byId.get(viewerId);
    if (!viewer) throw DomainError.notFound('user', viewerId);
    const rejected: { user_id: number; reason: RejectionReason }[] = [];
    const eligible: number[] = [];
    for (const id of ids) {
      const reason = rejectionReason(viewer, id, byId.get(id), { swiped: swiped.has(id), blocked: blocked.has(id) });
      if (reason) rejected.push({ user_id: id, reason });
      else eligible.push(id);
    }
    const { model, version, scorer } = currentScorer(this.ranker);
    let items: RankReply['items'] = [];
    let embeddingsVersion: number | null = null;
    if (eligible.length > 0) {
      const features = await this.rpc.send(
        Subjects.features.batch,
        { viewer_id: viewerId, candidate_ids: eligible },
        { requestId },
      );
      embeddingsVersion = features.embeddings_version;
      try {
        assertSameFeatures(model, features.feature_names);
      } catch (err) {
        throw new DomainError(ErrorCode.Internal, (err as Error).message);
      }
      // Deleted between the two reads: report it like any unknown id.
      for (const id of features.missing) rejected.push({ user_id: id, reason: 'not_found' });
      items = rankedList(model, scorePairs(model, features), viewPolicy(disclosure));
    }
    return {
      user_id: viewerId,
      items,
      rejected: rejectionsFor(disclosure, rejected),
      model_versions: { ranker: version, embeddings: embeddingsVersion },
      scorer,
      request_id: requestId,
    };
  }
}
