import type { WebhookEnvelope } from '@app/contracts';
import { useRepositoryDatabase } from '../../../../test/support/repository-db';
import { WebhooksRepository } from './webhooks.repository';

/**
 * The webhooks' delivery queue against PostgreSQL: a delivery per matching webhook, written in
 * the caller's transaction; claims that replicas share (no row sent by two at once) with a lease
 * that a dead sender's rows outlive; the outcome of each attempt; a person's deliveries erased.
 */
describe('WebhooksRepository (integration)', () => {
  const db = useRepositoryDatabase('webhooks_repo', 4);
  const repo = () => new WebhooksRepository(db());
  const envelope = (id: string, userIds: [number, number] = [1, 2]): WebhookEnvelope<'match.formed'> => ({
    id,
    type: 'match.formed',
    created_at: '2026-12-08T10:00:00.000Z',
    data: { user_ids: userIds, interaction_id: 9, matched_at: '2026-12-08T10:00:00.000Z' },
  });
  const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const hook = (url: string, active = true) =>
    repo()
      .create({ url, events: ['match.formed'], description: null, secret: 'whsec_x' })
      .then(async (w) => {
        if (!active) await db().query(`UPDATE webhooks SET active = false WHERE id = $1`, [w.id]);
        return w;
      });

  beforeEach(() => db().query('DELETE FROM webhooks'));

  it('writes one delivery per active webhook, in the caller\u2019s transaction, once per event', async () => {
    const a = await hook('http://a/');
    await hook('http://b/');
    await hook('http://off/', false);
    await expect(
      db().transaction(async (m) => {
        expect(await repo().enqueue(m, envelope(uuid(1)), [1, 2])).toBe(2);
        throw new Error('the swipe failed');
      }),
    ).rejects.toThrow('the swipe failed');
    expect(await repo().claimDue(10, 1000)).toEqual([]);

    await db().transaction((m) => repo().enqueue(m, envelope(uuid(2)), [1, 2]));
    expect(await db().transaction((m) => repo().enqueue(m, envelope(uuid(2)), [1, 2]))).toBe(0);
    const claimed = await repo().claimDue(10, 60_000);
    expect(claimed.map((d) => d.url).sort()).toEqual(['http://a/', 'http://b/']);
    expect(claimed[0]).toMatchObject({ secret: 'whsec_x', eventType: 'match.formed', attempts: 0 });
    expect(claimed[0].body).toEqual(envelope(uuid(2)));
    expect((await repo().deliveries({ webhook_id: a.id, limit: 10, offset: 0 })).total).toBe(1);
  });

  it('never hands one delivery to two claimers, and hands it again once its lease has ended', async () => {
    await hook('http://a/');
    for (let i = 0; i < 40; i++) await db().transaction((m) => repo().enqueue(m, envelope(uuid(100 + i)), [1, 2]));
    const [first, second] = await Promise.all([repo().claimDue(25, 60_000), repo().claimDue(25, 60_000)]);
    const ids = [...first, ...second].map((d) => d.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    expect(await repo().claimDue(25, 60_000)).toEqual([]);

    // A sender that died: its lease of 1 ms ends, and the rows are due again.
    await db().query(`UPDATE webhook_deliveries SET next_attempt_at = now()`);
    const dying = await repo().claimDue(5, 1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await repo().claimDue(50, 60_000);
    expect(again.map((d) => d.id)).toEqual(expect.arrayContaining(dying.map((d) => d.id)));
  });

  it('records each attempt: delivered, due again, or failed for good; and sends one again on request', async () => {
    const a = await hook('http://a/');
    await db().transaction((m) => repo().enqueue(m, envelope(uuid(7)), [1, 2]));
    const [d] = await repo().claimDue(1, 60_000);
    const soon = new Date(Date.now() + 60_000);
    await repo().recordAttempt(d.id, {
      delivered: false,
      status: 503,
      error: 'the receiver answered 503',
      retryAt: soon,
    });
    const log = async () => (await repo().deliveries({ webhook_id: a.id, limit: 10, offset: 0 })).items[0];
    expect(await log()).toMatchObject({
      status: 'pending',
      attempts: 1,
      last_status: 503,
      next_attempt_at: soon.toISOString(),
    });
    await repo().recordAttempt(d.id, { delivered: false, status: null, error: 'ECONNREFUSED', retryAt: null });
    expect(await log()).toMatchObject({ status: 'failed', attempts: 2, last_status: null, last_error: 'ECONNREFUSED' });
    expect((await repo().deliveries({ webhook_id: a.id, status: 'failed', limit: 10, offset: 0 })).total).toBe(1);
    expect((await repo().deliveries({ webhook_id: a.id, status: 'pending', limit: 10, offset: 0 })).total).toBe(0);

    expect(await repo().redeliver(a.id + 1, d.id)).toBeNull();
    expect(await repo().redeliver(a.id, d.id)).toMatchObject({ status: 'pending', attempts: 0 });
    const [resent] = await repo().claimDue(1, 60_000);
    await repo().recordAttempt(resent.id, { delivered: true, status: 200, error: null, retryAt: null });
    expect(await log()).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200, next_attempt_at: null });
    expect((await log()).delivered_at).not.toBeNull();
  });

  it("erases every delivery about a person, and a webhook's log with it", async () => {
    const a = await hook('http://a/');
    await db().transaction(async (m) => {
      await repo().enqueue(m, envelope(uuid(1), [5, 6]), [5, 6]);
      await repo().enqueue(m, envelope(uuid(2), [6, 7]), [6, 7]);
      await repo().enqueue(m, envelope(uuid(3), [7, 8]), [7, 8]);
    });
    expect(await db().transaction((m) => WebhooksRepository.deleteMentioning(m, 6))).toBe(2);
    expect((await repo().deliveries({ webhook_id: a.id, limit: 10, offset: 0 })).items.map((d) => d.event_id)).toEqual([
      uuid(3),
    ]);
    expect(await repo().delete(a.id)).toBe(true);
    expect(await repo().delete(a.id)).toBe(false);
    expect((await db().query(`SELECT count(*)::int AS n FROM webhook_deliveries`))[0].n).toBe(0);
  });
});
