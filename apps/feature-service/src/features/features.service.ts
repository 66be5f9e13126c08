import { Injectable, Logger } from '@nestjs/common';
import { DomainError, type FeatureBatchReply, type KnownLikes, type PairFeatureView } from '@app/contracts';
import { FEATURE_COUNT, FEATURE_NAMES, pairFeaturesBothWays, shownDistanceKm } from '@app/ml/features';
import type { UserAggregates } from '@app/ml/features';
import { ProfileMirror, ThrottledWarning } from '@app/common';
import { ViewerRelationsRepository } from '@app/db';
import { ActiveModel } from '@app/common/models/active-model';
import { AggregatesSnapshot } from '../aggregates/aggregates-snapshot';
import { RealtimeCounters } from '../counters/realtime-counters';
import { type EmbeddingLookup, pairScores } from '@app/ml/embeddings/lookup';
import { mergeAggregates, type StoredAggregates } from './feature-rows';

const DAY_MS = 86_400_000;

/**
 * The feature store's batch read: for a viewer and their candidates, both directions' vectors,
 * computed by libs/ml `pairFeatures`, the very function the trainer uses on history, so serving
 * and training cannot drift. Profiles come from the in-memory mirror (libs/common
 * ProfileMirror) and aggregates from the in-memory snapshot (AggregatesSnapshot); one Redis
 * script call per batch, whatever its size, and one query for the likes between the viewer and
 * the candidates unless the caller brings them (`known_likes`, as the recommendation flow does).
 */
@Injectable()
export class FeaturesService {
  private readonly logger = new Logger(FeaturesService.name);
  private readonly redisAway = new ThrottledWarning((line) => this.logger.warn(line));

  constructor(
    private readonly relations: ViewerRelationsRepository,
    private readonly counters: RealtimeCounters,
    private readonly profiles: ProfileMirror,
    private readonly aggregates: AggregatesSnapshot,
    private readonly embeddings: ActiveModel<EmbeddingLookup>,
  ) {}

  async batch(viewerId: number, candidateIds: number[], knownLikes?: KnownLikes): Promise<FeatureBatchReply> {
    const wanted = [...new Set(candidateIds)].filter((id) => id !== viewerId);
    const ids = [viewerId, ...wanted];
    const rows = new Map<number, StoredAggregates>();
    const since = new Map<number, number>();
    for (const id of ids) {
      const row = this.aggregates.get(id);
      if (!row) continue;
      rows.set(id, row);
      since.set(id, row.computed_ms);
    }
    const [profiles, likes, recent] = await Promise.all([
      this.profiles.getMany(ids),
      knownLikes ?? this.relations.findLikesWith(viewerId, wanted),
      // Without Redis, the aggregates alone: counts as of their computation, short of the swipes
      // since, rather than no features at all (and so no ranking).
      this.counters.countsSince(ids, since).catch((err: Error) => {
        this.redisAway.warn(`real-time counts left out, Redis did not answer: ${err.message}`);
        return new Map<number, never>();
      }),
    ]);
    const viewer = profiles.get(viewerId);
    if (!viewer) throw DomainError.notFound('user', viewerId);
    const agg = (id: number): UserAggregates => mergeAggregates(rows.get(id), recent.get(id));
    const likedViewer = new Set(likes.liked_viewer);
    const viewerLiked = new Set(likes.liked_by_viewer);
    const emb = this.embeddings.get();
    const nowMs = Date.now();
    const marketLikeRate = this.aggregates.marketLikeRate();
    const viewerAgg = agg(viewerId);
    const items: PairFeatureView[] = [];
    // Every vector is written into this one array, which is sent as is (see libs/ml vector-codec.ts).
    const vectors = new Float32Array(2 * wanted.length * FEATURE_COUNT);
    const missing: number[] = [];
    for (const id of wanted) {
      const candidate = profiles.get(id);
      if (!candidate) {
        missing.push(id);
        continue;
      }
      const candAgg = agg(id);
      const at = 2 * items.length * FEATURE_COUNT;
      const scores = pairScores(emb?.model ?? null, viewerId, id);
      // The backward vector is written into `vectors` in place; only the forward facts are read here.
      const { forward } = pairFeaturesBothWays(
        {
          viewer,
          candidate,
          viewerAggregates: viewerAgg,
          candidateAggregates: candAgg,
          embedding: scores,
          candidateLikedViewer: likedViewer.has(id),
          viewerLikedCandidate: viewerLiked.has(id),
          nowMs,
          marketLikeRate,
        },
        {
          forward: vectors.subarray(at, at + FEATURE_COUNT),
          backward: vectors.subarray(at + FEATURE_COUNT, at + 2 * FEATURE_COUNT),
        },
      );
      items.push({
        candidate_id: id,
        shared_interests: forward.sharedInterests,
        distance_km: forward.distanceKm === null ? null : shownDistanceKm(forward.distanceKm),
        liked_viewer: likedViewer.has(id),
        likes_received: candAgg.likesReceived,
        // Hundredths of a day (about 15 minutes): the full double was 17 digits of JSON per item.
        days_since_joined: Math.max(0, Math.round(((nowMs - candidate.createdAt) / DAY_MS) * 100) / 100),
      });
    }
    return {
      viewer_id: viewerId,
      feature_names: [...FEATURE_NAMES],
      items,
      vectors: vectors.subarray(0, 2 * items.length * FEATURE_COUNT),
      missing,
      embeddings_version: emb?.version ?? null,
    };
  }
}
