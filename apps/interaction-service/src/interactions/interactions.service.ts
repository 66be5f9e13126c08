import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { appendOutbox, OutboxRelay, pgErrorCode, PG_DEADLOCK, PG_FOREIGN_KEY_VIOLATION, PG_UNIQUE_VIOLATION } from '@app/common';
import { DomainError, ErrorCode, Subjects, type CreateInteractionInput, type CreateInteractionReply, type InteractionView, type ListInteractionsQuery, type MutualInteraction, type Page, type RecentQuery } from '@app/contracts';
import { assertUsersExist, blockedEitherWay, type InteractionRow, POSITIVE_TYPES_SQL, requestHash, toInteractionView } from './interaction.mapper';

const COLUMNS = 'id, actor_id, target_id, type, context, created_at';

/** Records swipes and blocks, and answers questions about them. */
@Injectable()
export class InteractionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxRelay,
  ) {}

  /**
   * Records a swipe or a block. Idempotent: an identical swipe, or a repeated Idempotency-Key,
   * returns the original (created=false). A different swipe on the same person is a conflict.
   */
  async create(input: CreateInteractionInput, requestId: string | null = null): Promise<CreateInteractionReply> {
    if (input.user_id === input.target_user_id) throw DomainError.invalid('target_user_id', 'you cannot interact with yourself');
    const reply = await this.withRetry(() => this.createOnce(input, requestId));
    if (reply.created) this.outbox.kick();
    return reply;
  }

  /**
   * Concurrent retries of one request can collide on the idempotency key (unique violation) or,
   * rarely, deadlock; a fresh attempt then sees the winner's row and replays it.
   */
  private async withRetry<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await work();
      } catch (err) {
        const code = pgErrorCode(err);
        if (code === PG_FOREIGN_KEY_VIOLATION) throw new DomainError(ErrorCode.NotFound, 'user not found (deleted meanwhile)');
        if (attempt >= attempts || (code !== PG_UNIQUE_VIOLATION && code !== PG_DEADLOCK)) throw err;
      }
    }
  }

  private async createOnce(input: CreateInteractionInput, requestId: string | null): Promise<CreateInteractionReply> {
    const hash = requestHash(input);
    return this.ds.transaction(async (m) => {
      if (input.idempotency_key) {
        const replay = await this.replay(m, input.user_id, input.idempotency_key, hash);
        if (replay) return replay;
      }
      // A concurrent delete cannot slip in after this check: the foreign keys of the insert below
      // key-share-lock both user rows until commit (or fail, mapped to NOT_FOUND by withRetry).
      await assertUsersExist(m, [input.user_id, input.target_user_id]);
      const isBlock = input.interaction_type === 'block';
      const inserted: InteractionRow[] = await m.query(
        `INSERT INTO interactions (actor_id, target_id, type, context) VALUES ($1, $2, $3, $4)
         ON CONFLICT (actor_id, target_id) WHERE ${isBlock ? `type = 'block'` : `type <> 'block'`} DO NOTHING
         RETURNING ${COLUMNS}`,
        [input.user_id, input.target_user_id, input.interaction_type, input.context ?? null],
      );
      let row = inserted[0];
      const created = row !== undefined;
      if (!created) {
        [row] = await m.query(`SELECT ${COLUMNS} FROM interactions WHERE actor_id = $1 AND target_id = $2 AND ${isBlock ? `type = 'block'` : `type <> 'block'`}`, [input.user_id, input.target_user_id]);
        if (row.type !== input.interaction_type) {
          throw new DomainError(ErrorCode.Conflict, `user ${input.user_id} already answered user ${input.target_user_id} with ${row.type}`, [
            { field: 'interaction_type', reasons: [`already ${row.type}d this user; a swipe cannot be changed`] },
          ]);
        }
      }
      const isMatch = created && (await this.completesMatch(m, row));
      if (input.idempotency_key) {
        await m.query(`INSERT INTO idempotency_keys (actor_id, key, request_hash, interaction_id, is_match) VALUES ($1, $2, $3, $4, $5)`, [input.user_id, input.idempotency_key, hash, row.id, isMatch]);
      }
      if (created) {
        await m.query(`UPDATE users SET last_active_at = now() WHERE id = $1`, [input.user_id]);
        await appendOutbox(m, Subjects.events.interactionCreated, { interaction: toInteractionView(row), is_match: isMatch }, requestId);
      }
      return { interaction: toInteractionView(row), created, is_match: isMatch };
    });
  }

  private async replay(m: EntityManager, actor: number, key: string, hash: string): Promise<CreateInteractionReply | null> {
    const [found] = await m.query(
      `SELECT k.request_hash, k.is_match, i.id, i.actor_id, i.target_id, i.type, i.context, i.created_at
       FROM idempotency_keys k JOIN interactions i ON i.id = k.interaction_id WHERE k.actor_id = $1 AND k.key = $2`,
      [actor, key],
    );
    if (!found) return null;
    if (found.request_hash !== hash) {
      throw new DomainError(ErrorCode.Conflict, 'Idempotency-Key was already used for a different request', [{ field: 'Idempotency-Key', reasons: ['already used for a different request'] }]);
    }
    return { interaction: toInteractionView(found), created: false, is_match: found.is_match };
  }

  /** A like completes a match when the other already liked back and neither blocked the other. */
  private async completesMatch(m: EntityManager, row: InteractionRow): Promise<boolean> {
    if (row.type !== 'like' && row.type !== 'super_like') return false;
    const [hit] = await m.query(
      `SELECT 1 FROM interactions r WHERE r.actor_id = $2 AND r.target_id = $1 AND r.type IN ${POSITIVE_TYPES_SQL}
       AND NOT ${blockedEitherWay('$1', '$2')}`,
      [row.actor_id, row.target_id],
    );
    return hit !== undefined;
  }

  /** A user's interactions, newest first; those with people in a block relation are hidden (except the user's own blocks). */
  async list(q: ListInteractionsQuery): Promise<Page<InteractionView>> {
    await assertUsersExist(this.ds.manager, [q.user_id]);
    const params: unknown[] = [q.user_id];
    const where: string[] = [];
    const side = q.direction === 'given' ? 'i.actor_id = $1' : q.direction === 'received' ? 'i.target_id = $1' : '(i.actor_id = $1 OR i.target_id = $1)';
    where.push(side);
    where.push(`(i.type = 'block' AND i.actor_id = $1 OR NOT ${blockedEitherWay('$1', 'CASE WHEN i.actor_id = $1 THEN i.target_id ELSE i.actor_id END')})`);
    if (q.interaction_type) where.push(`i.type = $${params.push(q.interaction_type)}`);
    if (q.since) where.push(`i.created_at >= $${params.push(q.since)}`);
    if (q.until) where.push(`i.created_at < $${params.push(q.until)}`);
    const limit = `$${params.push(q.limit)}`;
    const offset = `$${params.push(q.offset)}`;
    const rows: (InteractionRow & { total: number })[] = await this.ds.query(
      `SELECT i.id, i.actor_id, i.target_id, i.type, i.context, i.created_at, count(*) OVER ()::int AS total
       FROM interactions i WHERE ${where.join(' AND ')} ORDER BY i.created_at DESC, i.id DESC LIMIT ${limit} OFFSET ${offset}`,
      params,
    );
    const total = rows[0]?.total ?? (q.offset > 0 ? await this.countOnly(where, params.slice(0, -2)) : 0);
    return { items: rows.map(toInteractionView), total, limit: q.limit, offset: q.offset };
  }

  private async countOnly(where: string[], params: unknown[]): Promise<number> {
    const [{ total }] = await this.ds.query(`SELECT count(*)::int AS total FROM interactions i WHERE ${where.join(' AND ')}`, params);
    return total;
  }

  /** Interactions given or received in the last `hours`, newest first. */
  async recent(q: RecentQuery): Promise<InteractionView[]> {
    const page = await this.list({ user_id: q.user_id, direction: 'both', since: new Date(Date.now() - q.hours * 3600_000).toISOString(), limit: q.limit, offset: 0 });
    return page.items;
  }

  /** Has each of the two liked the other? A match needs both likes and no block either way. */
  async mutual(userId: number, targetId: number): Promise<MutualInteraction> {
    await assertUsersExist(this.ds.manager, [userId, targetId]);
    const rows: InteractionRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM interactions WHERE (actor_id = $1 AND target_id = $2) OR (actor_id = $2 AND target_id = $1)`,
      [userId, targetId],
    );
    const swipe = (a: number, b: number) => rows.find((r) => r.actor_id === a && r.target_id === b && r.type !== 'block') ?? null;
    // Whether the other side blocked the user is not disclosed: their side just looks empty.
    const anyBlock = rows.some((r) => r.type === 'block');
    const blocked = rows.some((r) => r.type === 'block' && r.actor_id === userId);
    const mine = swipe(userId, targetId);
    const theirs = anyBlock ? null : swipe(targetId, userId);
    const liked = (r: InteractionRow | null) => r !== null && (r.type === 'like' || r.type === 'super_like');
    return {
      user_id: userId,
      target_user_id: targetId,
      user_liked: liked(mine),
      target_liked: liked(theirs),
      is_match: !anyBlock && liked(mine) && liked(theirs),
      blocked,
      user_interaction: mine ? toInteractionView(mine) : null,
      target_interaction: theirs ? toInteractionView(theirs) : null,
    };
  }
}
