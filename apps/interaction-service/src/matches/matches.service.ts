import { Injectable } from '@nestjs/common';
import type { ListMatchesQuery, MatchView, Page } from '@app/contracts';
import { MatchesRepository, UsersRepository } from '@app/db';
import { assertUsersExist } from '../interactions/interaction.mapper';

/** Mutual likes without a block either way, newest first. */
@Injectable()
export class MatchesService {
  constructor(
    private readonly users: UsersRepository,
    private readonly matches: MatchesRepository,
  ) {}

  async list(q: ListMatchesQuery): Promise<Page<MatchView>> {
    await assertUsersExist(this.users, [q.user_id]);
    const { rows, total } = await this.matches.findPage(q.user_id, q.limit, q.offset);
    return {
      items: rows.map((r) => ({
        user_id: q.user_id,
        matched_user_id: r.matched_user_id,
        matched_at: r.matched_at.toISOString(),
      })),
      total,
      limit: q.limit,
      offset: q.offset,
    };
  }
}
