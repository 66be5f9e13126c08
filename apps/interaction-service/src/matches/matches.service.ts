import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ListMatchesQuery, MatchView, Page } from '@app/contracts';
import { MATCHES_SQL } from '../interactions/interaction-stats.service';
import { assertUsersExist } from '../interactions/interaction.mapper';

/** Mutual likes without a block either way, newest first. */
@Injectable()
export class MatchesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(q: ListMatchesQuery): Promise<Page<MatchView>> {
    await assertUsersExist(this.ds.manager, [q.user_id]);
    const rows: { matched_user_id: number; matched_at: Date; total: number }[] = await this.ds.query(
      `SELECT m.matched_user_id, m.matched_at, count(*) OVER ()::int AS total FROM (${MATCHES_SQL}) m
       ORDER BY m.matched_at DESC, m.matched_user_id LIMIT $2 OFFSET $3`,
      [q.user_id, q.limit, q.offset],
    );
    let total = rows[0]?.total ?? 0;
    if (!rows.length && q.offset > 0) [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM (${MATCHES_SQL}) m`, [q.user_id]);
    return {
      items: rows.map((r) => ({ user_id: q.user_id, matched_user_id: r.matched_user_id, matched_at: r.matched_at.toISOString() })),
      total,
      limit: q.limit,
      offset: q.offset,
    };
  }
}
