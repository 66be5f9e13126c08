import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RpcClient } from '@app/common';
import { DomainError, ErrorCode, Subjects, type RankReply, type RejectionReason } from '@app/contracts';
import type { RankerModel } from '@app/ml/ranker/model';
import { ActiveModel } from '@app/common/models/active-model';
import { currentScorer } from '../scoring/ranker.provider';
import { rankedList } from '../scoring/rank-views';
import { assertSameFeatures, scorePairs } from '../scoring/score-pairs';
import { PROFILE_SQL, type ProfileRow, toProfile } from '@app/db/queries/profiles';
import { rejectionReason } from '@app/ml/candidates';

export const MAX_RANK_IDS = 500;

/**
 * Scores and explains a list the app supplies; the hard rules still apply (libs/ml's
 * rejectionReason, the rules candidate generation runs). No impressions are
 * logged: the app, not this service, decides what of the list it shows.
 */
@Injectable()
export class RankService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly rpc: RpcClient,
    @Inject(ActiveModel) private readonly ranker: ActiveModel<RankerModel>,
  ) {}

  async rank(viewerId: number, candidateIds: number[], requestId: string | null): Promise<RankReply> {
    if (!Array.isArray(candidateIds) || candidateIds.length === 0 || candidateIds.length > MAX_RANK_IDS) throw DomainError.invalid('candidate_ids', `must hold 1 to ${MAX_RANK_IDS} ids`);
    const ids = [...new Set(candidateIds)];
    const [users, relations] = await Promise.all([
      this.ds.query(`${PROFILE_SQL} WHERE id = ANY($1::int[])`, [[viewerId, ...ids]]) as Promise<ProfileRow[]>,
      this.ds.query(
        `SELECT actor_id, target_id, type FROM interactions
          WHERE (actor_id = $1 AND target_id = ANY($2::int[])) OR (target_id = $1 AND actor_id = ANY($2::int[]) AND type = 'block')`,
        [viewerId, ids],
      ) as Promise<{ actor_id: number; target_id: number; type: string }[]>,
    ]);
    const byId = new Map(users.map((u) => [u.id, toProfile(u)]));
    const viewer = byId.get(viewerId);
    if (!viewer) throw DomainError.notFound('user', viewerId);
    const other = (r: { actor_id: number; target_id: number }): number => (r.actor_id === viewerId ? r.target_id : r.actor_id);
    const blocked = new Set(relations.filter((r) => r.type === 'block').map(other));
    const swiped = new Set(relations.filter((r) => r.type !== 'block' && r.actor_id === viewerId).map((r) => r.target_id));
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
      const features = await this.rpc.send(Subjects.features.batch, { viewer_id: viewerId, candidate_ids: eligible }, { requestId });
      embeddingsVersion = features.embeddings_version;
      try {
        assertSameFeatures(model, features.feature_names);
      } catch (err) {
        throw new DomainError(ErrorCode.Internal, (err as Error).message);
      }
      // Deleted between the two reads: report it like any unknown id.
      for (const id of features.missing) rejected.push({ user_id: id, reason: 'not_found' });
      items = rankedList(model, scorePairs(model, features));
    }
    return { user_id: viewerId, items, rejected, model_versions: { ranker: version, embeddings: embeddingsVersion }, scorer, request_id: requestId };
  }
}
