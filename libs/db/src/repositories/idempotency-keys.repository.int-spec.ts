import { insertInteraction, insertUser, useRepositoryDatabase } from '../../../../test/support/repository-db';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';

/** IdempotencyKeysRepository against PostgreSQL: a stored key finds its interaction; a twin key fails. */
describe('IdempotencyKeysRepository (integration)', () => {
  const db = useRepositoryDatabase('idempotency_repo');
  const repo = () => new IdempotencyKeysRepository(db());

  it('stores a key in a transaction, finds it with its interaction, counts it, and refuses a twin', async () => {
    const [a, b] = [await insertUser(db()), await insertUser(db())];
    const id = await insertInteraction(db(), a, b, 'like', '2026-02-01T00:00:00Z');
    const key = { actorId: a, key: 'k-1', requestHash: 'h'.repeat(64), interactionId: id, isMatch: true };
    await db().transaction((m) => repo().insert(key, m));
    expect(await db().transaction((m) => repo().findWithInteraction(a, 'k-1', m))).toEqual({
      request_hash: 'h'.repeat(64),
      is_match: true,
      id: String(id),
      actor_id: a,
      target_id: b,
      type: 'like',
      context: null,
      created_at: new Date('2026-02-01T00:00:00Z'),
    });
    expect(await db().transaction((m) => repo().findWithInteraction(a, 'k-2', m))).toBeUndefined();
    expect(await db().transaction((m) => repo().findWithInteraction(b, 'k-1', m))).toBeUndefined();
    expect([await repo().countOfActor(a), await repo().countOfActor(b)]).toEqual([1, 0]);
    const twin = db().transaction((m) => repo().insert({ ...key, requestHash: 'x', isMatch: false }, m));
    await expect(twin).rejects.toMatchObject({ driverError: { code: '23505' } });
  });
});
