import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { appendOutbox, OutboxRelay } from '@app/common';
import {
  DomainError,
  ErrorCode,
  Subjects,
  type BatchInteractionInput,
  type BatchInteractionsReply,
  type FieldError,
} from '@app/contracts';
import { InteractionsRepository, MatchesRepository, UsersRepository } from '@app/db';
import { toInteractionView } from '@app/db/repositories/interactions.repository';
import { InteractionMetrics } from './interaction-metrics';

/**
 * Stores up to a thousand interactions at once (history migrated from another system): all of
 * them or none, with an error per bad record. Records already stored identically are skipped,
 * so a retried batch is harmless.
 */
@Injectable()
export class InteractionsBatchService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly users: UsersRepository,
    private readonly interactions: InteractionsRepository,
    private readonly matches: MatchesRepository,
    private readonly counted: InteractionMetrics,
  ) {}

  async createMany(records: BatchInteractionInput[], requestId: string | null = null): Promise<BatchInteractionsReply> {
    const errors: FieldError[] = [];
    records.forEach((r, i) => {
      if (r.user_id === r.target_user_id)
        errors.push({ field: `interactions.${i}.target_user_id`, reasons: ['a user cannot interact with themselves'] });
    });
    const ids = [...new Set(records.flatMap((r) => [r.user_id, r.target_user_id]))];
    const known = await this.users.findExistingIds(ids);
    records.forEach((r, i) => {
      if (!known.has(r.user_id))
        errors.push({ field: `interactions.${i}.user_id`, reasons: [`user ${r.user_id} not found`] });
      if (!known.has(r.target_user_id))
        errors.push({ field: `interactions.${i}.target_user_id`, reasons: [`user ${r.target_user_id} not found`] });
    });
    if (errors.length)
      throw new DomainError(
        ErrorCode.ValidationFailed,
        `${errors.length} invalid record(s); nothing was stored`,
        errors,
      );

    const stored = await this.ds.transaction(async (m) => {
      const toStore = records.map((r) => ({
        actorId: r.user_id,
        targetId: r.target_user_id,
        type: r.interaction_type,
        context: r.context ?? null,
        createdAt: r.created_at,
      }));
      const rows = await this.interactions.insertMany(toStore, m);
      await this.rejectChangedSwipes(m, records);
      const matches = await this.matches.findCompleting(rows, m);
      for (const row of rows) {
        await appendOutbox(
          m,
          Subjects.events.interactionCreated,
          { interaction: toInteractionView(row), is_match: matches.has(Number(row.id)) },
          requestId,
        );
      }
      const reply = {
        created: rows.length,
        existing: records.length - rows.length,
        items: rows.map(toInteractionView),
      };
      return { reply, matches: matches.size };
    });
    if (stored.reply.created) {
      this.outbox.kick();
      this.counted.stored('import', stored.reply.items, stored.matches);
    }
    const reply = stored.reply;
    return reply;
  }

  /** A record whose pair already holds a different swipe is an error (a swipe cannot change). */
  private async rejectChangedSwipes(m: EntityManager, records: BatchInteractionInput[]): Promise<void> {
    const pairs = records.map((r) => ({ actorId: r.user_id, targetId: r.target_user_id }));
    const stored = await this.interactions.findOfPairs(pairs, m);
    const byPair = new Map<string, string[]>();
    for (const s of stored)
      byPair.set(`${s.actor_id}:${s.target_id}`, [...(byPair.get(`${s.actor_id}:${s.target_id}`) ?? []), s.type]);
    const errors: FieldError[] = [];
    records.forEach((r, i) => {
      const types = byPair.get(`${r.user_id}:${r.target_user_id}`) ?? [];
      const isBlock = r.interaction_type === 'block';
      const sameKind = types.find((t) => (t === 'block') === isBlock);
      if (sameKind && sameKind !== r.interaction_type)
        errors.push({
          field: `interactions.${i}.interaction_type`,
          reasons: [`conflicts with the stored ${sameKind} of this pair`],
        });
    });
    if (errors.length)
      throw new DomainError(
        ErrorCode.Conflict,
        `${errors.length} record(s) conflict with stored swipes; nothing was stored`,
        errors,
      );
  }
}
