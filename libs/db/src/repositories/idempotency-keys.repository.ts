/**
 * The `idempotency_keys` table: which interaction an actor's Idempotency-Key produced, so a
 * retried POST replays the first answer. Written and read inside the swipe's transaction.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { IdempotencyKeyEntity } from '../entities/idempotency-key.entity';
import type { InteractionRow } from './interactions.repository';

/** A stored key with the interaction it produced. */
export interface KeyedInteraction extends InteractionRow {
  request_hash: string;
  is_match: boolean;
}

/** What an Idempotency-Key stands for. */
export interface NewIdempotencyKey {
  actorId: number;
  key: string;
  requestHash: string;
  interactionId: number;
  isMatch: boolean;
}

/** Idempotency keys of swipes. */
export class IdempotencyKeysRepository {
  constructor(private readonly ds: DataSource) {}

  /** The actor's key with its interaction, if stored. Raw: one join (the entities declare no relation). */
  async findWithInteraction(actorId: number, key: string, m: EntityManager): Promise<KeyedInteraction | undefined> {
    const [found] = await m.query(
      `SELECT k.request_hash, k.is_match, i.id, i.actor_id, i.target_id, i.type, i.context, i.created_at
       FROM idempotency_keys k JOIN interactions i ON i.id = k.interaction_id WHERE k.actor_id = $1 AND k.key = $2`,
      [actorId, key],
    );
    return found;
  }

  /** Stores a key (a concurrent twin fails the primary key: the caller retries and replays). */
  async insert(k: NewIdempotencyKey, m: EntityManager): Promise<void> {
    const { actorId, key, requestHash, interactionId, isMatch } = k;
    await m.insert(IdempotencyKeyEntity, { actorId, key, requestHash, interactionId, isMatch });
  }

  /** How many keys the actor has stored. */
  countOfActor(actorId: number, m: EntityManager = this.ds.manager): Promise<number> {
    return m.countBy(IdempotencyKeyEntity, { actorId });
  }
}
