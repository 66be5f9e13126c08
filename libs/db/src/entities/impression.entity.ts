import { ViewColumn, ViewEntity } from 'typeorm';
import { bigintToNumber } from './bigint.transformer';

/**
 * One shown profile of a served page: the `impressions` view, which unnests `impression_pages`
 * (migration ImpressionPages1764180000000 defines it; never synchronized). Read-only.
 */
@ViewEntity({ name: 'impressions', synchronize: false })
export class ImpressionEntity {
  @ViewColumn({ name: 'page_id', transformer: bigintToNumber })
  pageId: number;

  @ViewColumn({ name: 'viewer_id' })
  viewerId: number;

  @ViewColumn({ name: 'candidate_id' })
  candidateId: number;

  @ViewColumn()
  position: number;

  @ViewColumn()
  score: number;

  @ViewColumn({ name: 'p_like' })
  pLike: number;

  @ViewColumn({ name: 'p_liked_back' })
  pLikedBack: number;

  @ViewColumn()
  sources: string[];

  @ViewColumn({ name: 'model_versions' })
  modelVersions: Record<string, number | null>;

  @ViewColumn({ name: 'request_id' })
  requestId: string | null;

  @ViewColumn({ name: 'created_at' })
  createdAt: Date;
}
