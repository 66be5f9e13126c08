/**
 * The `interactions` table: swipes and blocks, written one at a time or in batches, and a
 * user's timeline. Writes take the caller's EntityManager, so a swipe, its idempotency key and
 * its outbox event commit together.
 *
 * The swipe path stays hand-written SQL: one statement per step, and a conflict target that
 * names the partial unique index (`ON CONFLICT (actor_id, target_id) WHERE ...`), which
 * TypeORM's insert cannot express.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type { InteractionType, InteractionView, ListInteractionsQuery } from '@app/contracts';
import { InteractionEntity } from '../entities/interaction.entity';
import { givenVisible, type InteractionVisibility, receivedVisible } from './interaction-sql';

/** A raw `interactions` row as returned by SQL (snake_case, bigint id as string). */
export interface InteractionRow {
  id: string | number;
  actor_id: number;
  target_id: number;
  type: InteractionType;
  context: Record<string, unknown> | null;
  created_at: Date;
}

/** The API (and event) shape of an interaction row. */
export function toInteractionView(r: InteractionRow): InteractionView {
  return {
    id: Number(r.id),
    user_id: r.actor_id,
    target_user_id: r.target_id,
    interaction_type: r.type,
    context: r.context,
    created_at: r.created_at.toISOString(),
  };
}

/** An interaction to store. */
export interface NewInteraction {
  actorId: number;
  targetId: number;
  type: InteractionType;
  context: Record<string, unknown> | null;
  /** ISO time it happened (a batch of history); now when null. */
  createdAt?: string | null;
}

/** What a pair holds: one stored interaction of an (actor, target) pair. */
export interface PairInteraction {
  actor_id: number;
  target_id: number;
  type: InteractionType;
}

const COLUMNS = 'id, actor_id, target_id, type, context, created_at';

/** Only the pair's swipe (like, super like, dislike) or only its block: one of each per ordered pair. */
const sameKind = (isBlock: boolean): string => (isBlock ? `type = 'block'` : `type <> 'block'`);

/** Swipes and blocks: the writes of the interaction service and the reads of a user's timeline. */
export class InteractionsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Stores `i` unless the pair already holds one of its kind (swipe or block); null when it did. */
  async insertUnlessAnswered(i: NewInteraction, m: EntityManager): Promise<InteractionRow | null> {
    const isBlock = i.type === 'block';
    const inserted: InteractionRow[] = await m.query(
      `INSERT INTO interactions (actor_id, target_id, type, context) VALUES ($1, $2, $3, $4)
       ON CONFLICT (actor_id, target_id) WHERE ${sameKind(isBlock)} DO NOTHING
       RETURNING ${COLUMNS}`,
      [i.actorId, i.targetId, i.type, i.context],
    );
    return inserted[0] ?? null;
  }

  /**
   * The interactions created after `since`, `limit` at a time in id order from `afterId` (keyset
   * pages): the feature store rebuilds its real-time counters from them after Redis lost them.
   */
  async pageCreatedAfter(since: Date, afterId: number, limit: number): Promise<InteractionRow[]> {
    return this.ds.query(`SELECT ${COLUMNS} FROM interactions WHERE created_at > $1 AND id > $2 ORDER BY id LIMIT $3`, [
      since,
      afterId,
      limit,
    ]);
  }

  /** The pair's stored swipe, or its block when `isBlock`. */
  async findOfKind(
    actorId: number,
    targetId: number,
    isBlock: boolean,
    m: EntityManager,
  ): Promise<InteractionRow | undefined> {
    const [row] = await m.query(
      `SELECT ${COLUMNS} FROM interactions WHERE actor_id = $1 AND target_id = $2 AND ${sameKind(isBlock)}`,
      [actorId, targetId],
    );
    return row;
  }

  /**
   * Stores a batch in its order, skipping records whose pair already holds one of their kind;
   * returns the rows stored. Raw: one INSERT ... SELECT FROM unnest() for the whole batch.
   */
  insertMany(records: readonly NewInteraction[], m: EntityManager): Promise<InteractionRow[]> {
    return m.query(
      `INSERT INTO interactions (actor_id, target_id, type, context, created_at)
       SELECT r.actor_id, r.target_id, r.type, r.context, COALESCE(r.created_at, now())
       FROM unnest($1::int[], $2::int[], $3::text[], $4::jsonb[], $5::timestamptz[]) WITH ORDINALITY AS r(actor_id, target_id, type, context, created_at, ord)
       ORDER BY r.ord
       ON CONFLICT DO NOTHING
       RETURNING ${COLUMNS}`,
      [
        records.map((r) => r.actorId),
        records.map((r) => r.targetId),
        records.map((r) => r.type),
        records.map((r) => (r.context ? JSON.stringify(r.context) : null)),
        records.map((r) => r.createdAt ?? null),
      ],
    );
  }

  /** Every stored interaction of the ordered pairs (actor, target). Raw: one join against unnest(). */
  findOfPairs(pairs: readonly { actorId: number; targetId: number }[], m: EntityManager): Promise<PairInteraction[]> {
    return m.query(
      `SELECT i.actor_id, i.target_id, i.type FROM interactions i
       JOIN unnest($1::int[], $2::int[]) AS r(actor_id, target_id) ON i.actor_id = r.actor_id AND i.target_id = r.target_id`,
      [pairs.map((p) => p.actorId), pairs.map((p) => p.targetId)],
    );
  }

  /** Every interaction between two users, both ways. */
  findBetween(a: number, b: number): Promise<InteractionRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM interactions
        WHERE (actor_id = $1 AND target_id = $2) OR (actor_id = $2 AND target_id = $1)`,
      [a, b],
    );
  }

  /**
   * A page of a user's interactions, newest first, and how many there are, as `visibility`
   * shows them (a person's own view hides what the privacy policy withholds). Raw: the total
   * comes with the page (a window count), and the visibility rules are correlated subqueries.
   */
  async findTimelinePage(
    q: ListInteractionsQuery,
    visibility: InteractionVisibility,
  ): Promise<{ rows: InteractionRow[]; total: number }> {
    const params: unknown[] = [q.user_id];
    const where: string[] = [];
    const given = 'i.actor_id = $1';
    const received = 'i.target_id = $1';
    if (visibility.kind === 'all') {
      where.push(q.direction === 'given' ? given : q.direction === 'received' ? received : `(${given} OR ${received})`);
    } else {
      const givenShown = `${given} AND ${givenVisible('i', '$1')}`;
      // The types are a parameter only when the received side is read (an unused one has no type for PostgreSQL).
      const receivedShown = () =>
        `${received} AND ${receivedVisible('i', '$1', `$${params.push(visibility.receivedTypes)}`)}`;
      where.push(
        q.direction === 'given'
          ? givenShown
          : q.direction === 'received'
            ? receivedShown()
            : `((${givenShown}) OR (${receivedShown()}))`,
      );
    }
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
    // A page past the end has no row to carry the total: count it alone.
    const total = rows[0]?.total ?? (q.offset > 0 ? await this.countWhere(where, params.slice(0, -2)) : 0);
    return { rows, total };
  }

  private async countWhere(where: string[], params: unknown[]): Promise<number> {
    const sql = `SELECT count(*)::int AS total FROM interactions i WHERE ${where.join(' AND ')}`;
    const [{ total }] = await this.ds.query(sql, params);
    return total;
  }

  /** How many interactions the user gave or received. */
  countInvolving(userId: number, m: EntityManager = this.ds.manager): Promise<number> {
    return m.count(InteractionEntity, { where: [{ actorId: userId }, { targetId: userId }] });
  }

  /** The highest interaction id, 0 when there is none. */
  async maxId(): Promise<number> {
    return Number((await this.ds.manager.maximum(InteractionEntity, 'id')) ?? 0);
  }
}
