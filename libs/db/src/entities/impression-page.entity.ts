import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from './bigint.transformer';

/**
 * One served page of recommendations (migration ImpressionPages1764180000000): its candidates,
 * positions, scores, probabilities and sources as parallel arrays, one element per shown profile.
 * No foreign keys: the writers keep it consistent with `users` under an advisory lock
 * (impressions.repository.ts).
 */
@Entity({ name: 'impression_pages' })
@Index('impression_pages_viewer_time_idx', ['viewerId', 'createdAt'])
@Index('impression_pages_created_idx', ['createdAt'])
// Finds a deleted user's appearances as a candidate; created WITH (fastupdate = off) by the migration.
@Index('impression_pages_candidates_idx', ['candidateIds'], { type: 'gin' })
@Check(
  'impression_pages_parallel',
  `cardinality(candidate_ids) = cardinality(positions) AND cardinality(candidate_ids) = cardinality(scores)
   AND cardinality(candidate_ids) = cardinality(p_like) AND cardinality(candidate_ids) = cardinality(p_liked_back)
   AND cardinality(candidate_ids) = cardinality(sources)`,
)
export class ImpressionPageEntity {
  @PrimaryColumn({ type: 'bigint', generated: 'identity', transformer: bigintToNumber })
  id: number;

  @Column({ name: 'viewer_id', type: 'integer' })
  viewerId: number;

  @Column({ name: 'candidate_ids', type: 'integer', array: true })
  candidateIds: number[];

  @Column({ type: 'smallint', array: true })
  positions: number[];

  @Column({ type: 'real', array: true })
  scores: number[];

  @Column({ name: 'p_like', type: 'real', array: true })
  pLike: number[];

  @Column({ name: 'p_liked_back', type: 'real', array: true })
  pLikedBack: number[];

  /** Per candidate its source names, comma-joined (a text[][] would have to be rectangular). */
  @Column({ type: 'text', array: true })
  sources: string[];

  @Column({ name: 'model_versions', type: 'jsonb', default: () => "'{}'" })
  modelVersions: Record<string, number | null>;

  @Column({ name: 'request_id', type: 'varchar', length: 100, nullable: true })
  requestId: string | null;

  /** When the page was served, which the writer sets (it writes behind the reply). */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
