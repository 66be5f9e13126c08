import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import {
  appendOutbox,
  type Disclosure,
  OutboxRelay,
  pgErrorCode,
  PG_DEADLOCK,
  PG_FOREIGN_KEY_VIOLATION,
  PG_UNIQUE_VIOLATION,
} from '@app/common';
import {
  DomainError,
  ErrorCode,
  Subjects,
  type CreateInteractionInput,
  type CreateInteractionReply,
  type InteractionView,
  type ListInteractionsQuery,
  type MutualInteraction,
  type Page,
  type RecentQuery,
} from '@app/contracts';
import { IdempotencyKeysRepository, InteractionsRepository, MatchesRepository, UsersRepository } from '@app/db';
import { mutualView, visibilityFor } from '../privacy/interaction-disclosure';
import { InteractionMetrics } from './interaction-metrics';
import { toInteractionView } from '@app/db/repositories/interactions.repository';
import { assertUsersExist, requestHash } from './interaction.mapper';
import { WebhooksService } from '../webhooks/webhooks.service';

/** Records swipes and blocks, and answers questions about them. */
@Injectable()
export class InteractionsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly users: UsersRepository,
    private readonly interactions: InteractionsRepository,
    private readonly idempotencyKeys: IdempotencyKeysRepository,
    private readonly matches: MatchesRepository,
    private readonly counted: InteractionMetrics,
    private readonly webhooks: WebhooksService,
  ) {}

  /**
   * Records a swipe or a block. Idempotent: an identical swipe, or a repeated Idempotency-Key,
   * returns the original (created=false). A different swipe on the same person is a conflict.
   */
  async create(input: CreateInteractionInput, requestId: string | null = null): Promise<CreateInteractionReply> {
    if (input.user_id === input.target_user_id)
      throw DomainError.invalid('target_user_id', 'you cannot interact with yourself');
    const reply = await this.withRetry(() => this.createOnce(input, requestId));
    if (reply.created) {
      this.outbox.kick();
      if (reply.is_match) this.webhooks.kick();
      this.counted.stored('api', [reply.interaction], reply.is_match ? 1 : 0);
    }
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
        if (code === PG_FOREIGN_KEY_VIOLATION)
          throw new DomainError(ErrorCode.NotFound, 'user not found (deleted meanwhile)');
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
      await assertUsersExist(this.users, [input.user_id, input.target_user_id], m);
      const isBlock = input.interaction_type === 'block';
      const swipe = { actorId: input.user_id, targetId: input.target_user_id, type: input.interaction_type };
      let row = await this.interactions.insertUnlessAnswered({ ...swipe, context: input.context ?? null }, m);
      const created = row !== null;
      if (!row) {
        row = (await this.interactions.findOfKind(input.user_id, input.target_user_id, isBlock, m))!;
        if (row.type !== input.interaction_type) {
          throw new DomainError(
            ErrorCode.Conflict,
            `user ${input.user_id} already answered user ${input.target_user_id} with ${row.type}`,
            [{ field: 'interaction_type', reasons: [`already ${row.type}d this user; a swipe cannot be changed`] }],
          );
        }
      }
      const isMatch = created && (await this.matches.completesMatch(row, m));
      if (input.idempotency_key) {
        const key = { actorId: input.user_id, key: input.idempotency_key, requestHash: hash };
        await this.idempotencyKeys.insert({ ...key, interactionId: Number(row.id), isMatch }, m);
      }
      if (created) {
        await this.users.touchLastActive(input.user_id, m);
        await appendOutbox(
          m,
          Subjects.events.interactionCreated,
          { interaction: toInteractionView(row), is_match: isMatch },
          requestId,
        );
        if (isMatch) await this.webhooks.matchFormed(m, toInteractionView(row));
      }
      return { interaction: toInteractionView(row), created, is_match: isMatch };
    });
  }

  private async replay(
    m: EntityManager,
    actor: number,
    key: string,
    hash: string,
  ): Promise<CreateInteractionReply | null> {
    const found = await this.idempotencyKeys.findWithInteraction(actor, key, m);
    if (!found) return null;
    if (found.request_hash !== hash) {
      throw new DomainError(ErrorCode.Conflict, 'Idempotency-Key was already used for a different request', [
        { field: 'Idempotency-Key', reasons: ['already used for a different request'] },
      ]);
    }
    return { interaction: toInteractionView(found), created: false, is_match: found.is_match };
  }

  /** A user's interactions, newest first, as the caller may see them. */
  async list(q: ListInteractionsQuery, disclosure: Disclosure): Promise<Page<InteractionView>> {
    await assertUsersExist(this.users, [q.user_id]);
    const { rows, total } = await this.interactions.findTimelinePage(q, visibilityFor(disclosure));
    return { items: rows.map(toInteractionView), total, limit: q.limit, offset: q.offset };
  }

  /** Interactions given or received in the last `hours`, newest first, as the caller may see them. */
  async recent(q: RecentQuery, disclosure: Disclosure): Promise<InteractionView[]> {
    const since = new Date(Date.now() - q.hours * 3600_000).toISOString();
    const page = await this.list(
      { user_id: q.user_id, direction: 'both', since, limit: q.limit, offset: 0 },
      disclosure,
    );
    return page.items;
  }

  /** Has each of the two liked the other (a match: both likes, no block either way), as the caller may see it. */
  async mutual(userId: number, targetId: number, disclosure: Disclosure): Promise<MutualInteraction> {
    await assertUsersExist(this.users, [userId, targetId]);
    return mutualView(disclosure, userId, targetId, await this.interactions.findBetween(userId, targetId));
  }
}
