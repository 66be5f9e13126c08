import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { appendOutbox, OutboxRelay } from '@app/common';
import { DomainError, ErrorCode, Subjects, type BatchInteractionInput, type BatchInteractionsReply, type FieldError } from '@app/contracts';
import { blockedEitherWay, type InteractionRow, POSITIVE_TYPES_SQL, toInteractionView } from './interaction.mapper';

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
  ) {}

  async createMany(records: BatchInteractionInput[], requestId: string | null = null): Promise<BatchInteractionsReply> {
    const errors: FieldError[] = [];
    records.forEach((r, i) => {
      if (r.user_id === r.target_user_id) errors.push({ field: `interactions.${i}.target_user_id`, reasons: ['a user cannot interact with themselves'] });
    });
    const ids = [...new Set(records.flatMap((r) => [r.user_id, r.target_user_id]))];
    const known = new Set((await this.ds.query('SELECT id FROM users WHERE id = ANY($1)', [ids]) as { id: number }[]).map((u) => u.id));
    records.forEach((r, i) => {
      if (!known.has(r.user_id)) errors.push({ field: `interactions.${i}.user_id`, reasons: [`user ${r.user_id} not found`] });
      if (!known.has(r.target_user_id)) errors.push({ field: `interactions.${i}.target_user_id`, reasons: [`user ${r.target_user_id} not found`] });
    });
    if (errors.length) throw new DomainError(ErrorCode.ValidationFailed, `${errors.length} invalid record(s); nothing was stored`, errors);

    const reply = await this.ds.transaction(async (m) => {
      const rows: (InteractionRow & { ord: number })[] = await m.query(
        `INSERT INTO interactions (actor_id, target_id, type, context, created_at)
         SELECT r.actor_id, r.target_id, r.type, r.context, COALESCE(r.created_at, now())
         FROM unnest($1::int[], $2::int[], $3::text[], $4::jsonb[], $5::timestamptz[]) WITH ORDINALITY AS r(actor_id, target_id, type, context, created_at, ord)
         ORDER BY r.ord
         ON CONFLICT DO NOTHING
         RETURNING id, actor_id, target_id, type, context, created_at`,
        [
          records.map((r) => r.user_id),
          records.map((r) => r.target_user_id),
          records.map((r) => r.interaction_type),
          records.map((r) => (r.context ? JSON.stringify(r.context) : null)),
          records.map((r) => r.created_at ?? null),
        ],
      );
      await this.rejectChangedSwipes(m, records);
      const matches = await this.matchesAmong(m, rows);
      for (const row of rows) {
        await appendOutbox(m, Subjects.events.interactionCreated, { interaction: toInteractionView(row), is_match: matches.has(Number(row.id)) }, requestId);
      }
      return { created: rows.length, existing: records.length - rows.length, items: rows.map(toInteractionView) };
    });
    if (reply.created) this.outbox.kick();
    return reply;
  }

  /** A record whose pair already holds a different swipe is an error (a swipe cannot change). */
  private async rejectChangedSwipes(m: EntityManager, records: BatchInteractionInput[]): Promise<void> {
    const stored: { actor_id: number; target_id: number; type: string }[] = await m.query(
      `SELECT i.actor_id, i.target_id, i.type FROM interactions i
       JOIN unnest($1::int[], $2::int[]) AS r(actor_id, target_id) ON i.actor_id = r.actor_id AND i.target_id = r.target_id`,
      [records.map((r) => r.user_id), records.map((r) => r.target_user_id)],
    );
    const byPair = new Map<string, string[]>();
    for (const s of stored) byPair.set(`${s.actor_id}:${s.target_id}`, [...(byPair.get(`${s.actor_id}:${s.target_id}`) ?? []), s.type]);
    const errors: FieldError[] = [];
    records.forEach((r, i) => {
      const types = byPair.get(`${r.user_id}:${r.target_user_id}`) ?? [];
      const isBlock = r.interaction_type === 'block';
      const sameKind = types.find((t) => (t === 'block') === isBlock);
      if (sameKind && sameKind !== r.interaction_type) errors.push({ field: `interactions.${i}.interaction_type`, reasons: [`conflicts with the stored ${sameKind} of this pair`] });
    });
    if (errors.length) throw new DomainError(ErrorCode.Conflict, `${errors.length} record(s) conflict with stored swipes; nothing was stored`, errors);
  }

  /** Ids of the new positive swipes that complete a match (reciprocated, no block either way). */
  private async matchesAmong(m: EntityManager, rows: InteractionRow[]): Promise<Set<number>> {
    const positive = rows.filter((r) => r.type === 'like' || r.type === 'super_like');
    if (!positive.length) return new Set();
    const hits: { id: string }[] = await m.query(
      `SELECT n.id FROM unnest($1::bigint[], $2::int[], $3::int[]) AS n(id, actor_id, target_id)
       WHERE EXISTS (SELECT 1 FROM interactions r WHERE r.actor_id = n.target_id AND r.target_id = n.actor_id AND r.type IN ${POSITIVE_TYPES_SQL})
       AND NOT ${blockedEitherWay('n.actor_id', 'n.target_id')}`,
      [positive.map((r) => r.id), positive.map((r) => r.actor_id), positive.map((r) => r.target_id)],
    );
    return new Set(hits.map((h) => Number(h.id)));
  }
}
