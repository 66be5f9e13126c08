/**
 * The whole recommender under the offline protocol, built from the code the services run:
 * - training as the trainer does it (libs/ml/training's fitEmbeddings and
 *   fitRanker, with the trainer's default settings);
 * - candidate generation as candidate-service does it (libs/ml/candidates.generateCandidates
 *   over the market's profiles, each viewer's training history as their relations);
 * - ranking as ranking-service does it: both directions' feature vectors (the feature
 *   store's function), p_like and p_liked_back from the ranker, the two-sided re-rank policy.
 *
 * Mode 'candidates' stops after generation (the merged list's order); 'pipeline' ranks it.
 * `order` exists for ablations: 'rerank' is the product; 'match' orders by p_like × p_liked_back
 * without the exposure and variety re-rank; 'p_like' is a one-sided ranker.
 * Only the served list is scored: everyone outside it ranks below it, as in the product.
 */
import { type EmbeddingLookup, embeddingLookup, pairScores } from '@app/ml/embeddings/lookup';
import type { EmbeddingModel } from '@app/ml/embeddings/model';
import type { CollaborativeOverrides } from '@app/ml/embeddings/collaborative';
import { createAnnIndex } from '@app/ml/ann';
import {
  type CandidateProfile,
  EmbeddingSnapshot,
  generateCandidates,
  indexRows,
  type PopularityView,
  ProfileTable,
  type ViewerRelations,
} from '@app/ml/candidates';
import {
  computeAggregates,
  marketLikeRateOf,
  pairFeaturesBothWays,
  UNKNOWN_MARKET_LIKE_RATE,
  type UserAggregates,
} from '@app/ml/features';
import type { OfflineRecommender, TrainSet } from '../evaluation/recommender';
import { predict, type RankerModel } from '@app/ml/ranker/model';
import { RERANK_POLICY, rerank } from '@app/ml/scoring';
import {
  fitEmbeddings,
  fitRanker,
  leftOutPairs,
  type LeftOut,
  RANKER_EMBEDDING_ROWS,
  type TrainingData,
} from '@app/ml/training';
import type { Profile } from '@app/ml/types';
import { NO_RELATIONS, popularityFromSwipes, relationsFromSwipes } from './history';

export interface PipelineRecommenderOptions {
  mode: 'candidates' | 'pipeline';
  order: 'rerank' | 'match' | 'p_like';
  /** Candidates generated per viewer (candidate-service's CANDIDATE_GENERATION_TOP_K). */
  poolSize: number;
  /** Pools larger than this use the ANN path (candidate-service's CANDIDATE_POOL_MAX). */
  exactPoolMax: number;
  /** Over the trainer's defaults (DEFAULT_COLLABORATIVE_OPTIONS, as apps/trainer/src/trainer.config.ts sets them). */
  collaborative: CollaborativeOverrides;
  refitEpochs: number;
  holdoutFraction: number;
  rankerMaxRows: number;
  seed: number;
}

export const PIPELINE_DEFAULTS: PipelineRecommenderOptions = {
  mode: 'pipeline',
  order: 'rerank',
  poolSize: 100,
  exactPoolMax: 5000,
  collaborative: {},
  refitEpochs: 1,
  holdoutFraction: 0.2,
  rankerMaxRows: 300_000,
  seed: 42,
};

/** Below any position score: people the pipeline does not serve. */
const NOT_SERVED = -1e9;

export class TwoStageRecommender implements OfflineRecommender {
  readonly name: string;
  private readonly o: PipelineRecommenderOptions;
  private table = new ProfileTable();
  private profiles: ReadonlyMap<number, Profile> = new Map();
  private relations = new Map<number, ViewerRelations>();
  private liked = new Set<string>();
  private aggregates = new Map<number, UserAggregates>();
  private popularity: PopularityView = popularityFromSwipes([]);
  private tastes: EmbeddingSnapshot | null = null;
  private lookup: EmbeddingLookup | null = null;
  private ranker: RankerModel | null = null;
  private nowMs = 0;
  private marketLikeRate = UNKNOWN_MARKET_LIKE_RATE;
  /** As the trainer: the pairs the pre-slice embeddings leave out for the ranker's embedding features. */
  private readonly leftOut: LeftOut;

  constructor(options: Partial<PipelineRecommenderOptions> = {}) {
    this.o = { ...PIPELINE_DEFAULTS, ...options };
    this.leftOut = leftOutPairs(RANKER_EMBEDDING_ROWS, this.o.seed);
    this.name =
      this.o.mode === 'pipeline' && this.o.order !== 'rerank'
        ? `pipeline-${this.o.order.replace('_', '')}`
        : this.o.mode;
  }

  async fit(train: TrainSet): Promise<void> {
    if (!train.profiles)
      throw new Error(`${this.name}: needs profiles (--users): the hard rules and content arm read them`);
    this.profiles = train.profiles;
    for (const p of train.profiles.values()) this.table.upsert({ ...p, updatedAtMs: 0 } satisfies CandidateProfile);
    const swipes = [...train.swipes].sort((a, b) => a.ts - b.ts);
    this.nowMs = train.nowMs;
    this.relations = relationsFromSwipes(swipes);
    this.popularity = popularityFromSwipes(swipes);
    this.aggregates = computeAggregates(swipes);
    this.marketLikeRate = marketLikeRateOf(this.aggregates.values());
    for (const s of swipes) if (s.type === 'like' || s.type === 'super_like') this.liked.add(`${s.actor}:${s.target}`);
    const data: TrainingData = { userIds: train.userIds, profiles: train.profiles, swipes, impressions: [] };
    const emb = await fitEmbeddings(
      data,
      { model: null, cutoffMs: null },
      {
        collaborative: {
          ...this.o.collaborative,
          ials: { ...this.o.collaborative.ials, seed: this.o.seed },
          logistic: { ...this.o.collaborative.logistic, seed: this.o.seed },
        },
        holdoutFraction: this.o.holdoutFraction,
        minHeldOut: 1,
        refitEpochs: this.o.refitEpochs,
        leftOut: this.leftOut,
      },
    );
    if ('skipped' in emb) throw new Error(`${this.name}: embeddings not trained: ${emb.reason}`);
    this.useEmbeddings(emb.model);
    if (this.o.mode === 'candidates') return;
    const { plan, model } = emb.heldOut;
    const ranked = await fitRanker(
      data,
      plan.cutoffMs,
      { model, trainedUntilMs: plan.cutoffMs, leftOut: this.leftOut },
      null,
      { validationFraction: 0.5, maxRows: this.o.rankerMaxRows, minRows: 1 },
    );
    if ('skipped' in ranked) throw new Error(`${this.name}: ranker not trained: ${ranked.reason}`);
    this.ranker = ranked.model;
  }

  /** The served embeddings, as candidate-service loads them (exact index: offline has no latency budget). */
  private useEmbeddings(model: EmbeddingModel): void {
    const rows = indexRows(model);
    const index = createAnnIndex('exact', rows.dim);
    index.build(rows.ids, rows.vectors);
    this.tastes = new EmbeddingSnapshot(1, model, index);
    this.lookup = embeddingLookup(model);
  }

  scoreTargets(actor: number, targets: ArrayLike<number>): Float32Array {
    const out = new Float32Array(targets.length).fill(NOT_SERVED);
    const served = this.serve(actor);
    const position = new Map(served.map((id, i) => [id, served.length - i]));
    for (let i = 0; i < targets.length; i++) out[i] = position.get(targets[i]) ?? NOT_SERVED;
    return out;
  }

  /** The ids the product would show `actor`, best first. */
  serve(actor: number): number[] {
    const viewer = this.table.get(actor);
    if (!viewer) return [];
    const { candidates } = generateCandidates({
      table: this.table,
      viewer,
      filters: {},
      relations: this.relations.get(actor) ?? NO_RELATIONS,
      k: this.o.poolSize,
      tastes: this.tastes,
      popularity: this.popularity,
      exactPoolMax: this.o.exactPoolMax,
      nowMs: this.nowMs,
    });
    if (this.o.mode === 'candidates' || !this.ranker || candidates.length === 0)
      return candidates.map((c) => c.user_id);
    return this.rank(
      viewer,
      candidates.map((c) => ({ id: c.user_id, sources: c.sources })),
    );
  }

  /**
   * p_like of `actor` for each target, as ranking-service computes it (the pair metrics). The
   * candidate stage has no ranker: null.
   */
  likeProbabilities(actor: number, targets: ArrayLike<number>): Float32Array | null {
    const viewer = this.profiles.get(actor);
    if (this.o.mode === 'candidates' || !this.ranker) return null;
    if (!viewer) return new Float32Array(targets.length).fill(NaN);
    return this.probabilities(viewer, Array.from(targets)).pLike;
  }

  /** Both directions' vectors from the feature store's function, and both probabilities from the ranker. */
  private probabilities(viewer: Profile, ids: readonly number[]): { pLike: Float32Array; pBack: Float32Array } {
    const ranker = this.ranker!;
    const f = ranker.featureNames.length;
    const forward = new Float32Array(ids.length * f);
    const backward = new Float32Array(ids.length * f);
    ids.forEach((id, r) => {
      const v = pairFeaturesBothWays({
        viewer,
        candidate: this.profiles.get(id)!,
        viewerAggregates: this.aggregates.get(viewer.id) ?? null,
        candidateAggregates: this.aggregates.get(id) ?? null,
        embedding: pairScores(this.lookup, viewer.id, id),
        candidateLikedViewer: this.liked.has(`${id}:${viewer.id}`),
        viewerLikedCandidate: this.liked.has(`${viewer.id}:${id}`),
        nowMs: this.nowMs,
        marketLikeRate: this.marketLikeRate,
      });
      forward.set(v.forward.vector, r * f);
      backward.set(v.backward.vector, r * f);
    });
    return { pLike: predict(ranker, forward), pBack: predict(ranker, backward) };
  }

  /** ranking-service's flow: both directions' vectors, both probabilities, the re-rank policy. */
  private rank(viewer: Profile, candidates: { id: number; sources: string[] }[]): number[] {
    const { pLike, pBack } = this.probabilities(
      viewer,
      candidates.map((c) => c.id),
    );
    if (this.o.order !== 'rerank') {
      const score = (i: number) => (this.o.order === 'match' ? pLike[i] * pBack[i] : pLike[i]);
      return candidates
        .map((c, i) => ({ id: c.id, s: score(i) }))
        .sort((a, b) => b.s - a.s || a.id - b.id)
        .map((x) => x.id);
    }
    const ranked = rerank(
      candidates.map((c, i) => ({
        id: c.id,
        pLike: pLike[i],
        pLikedBack: pBack[i],
        popularity: this.aggregates.get(c.id)?.likesReceived ?? 0,
        sources: c.sources,
      })),
      { ...RERANK_POLICY, limit: candidates.length },
    );
    return ranked.map((r) => r.id);
  }
}
