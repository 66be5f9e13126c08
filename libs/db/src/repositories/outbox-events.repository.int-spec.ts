import type { DataSource } from 'typeorm';
import { Subjects } from '@app/contracts';
import { useFreshDatabase } from '../../../../test/support/infra';
import { createDataSource } from '../data-source';
import { OutboxEventsRepository, type PendingEvent } from './outbox-events.repository';

describe('OutboxEventsRepository (integration)', () => {
  let ds: DataSource;
  // Declared before the database's own clean-up, so the pool closes before it is dropped.
  afterAll(() => ds?.destroy());
  const url = useFreshDatabase('outbox_repo');
  beforeAll(async () => {
    ds = createDataSource(url(), 4);
    await ds.initialize();
  });
  beforeEach(() => ds.query('DELETE FROM outbox_events'));

  const outbox = () => new OutboxEventsRepository(ds.manager);
  const deleted = (userId: number) => ({ subject: Subjects.events.userDeleted, payload: { user_id: userId } });

  it('appends inside the caller\u2019s transaction: kept on commit, gone on rollback', async () => {
    const { userDeleted } = Subjects.events;
    await ds.transaction((m) => new OutboxEventsRepository(m).append(userDeleted, { user_id: 1 }, 'req-1'));
    await expect(
      ds.transaction(async (m) => {
        await new OutboxEventsRepository(m).append(Subjects.events.userDeleted, { user_id: 2 }, null);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const published: PendingEvent[] = [];
    expect(await outbox().relayOldest(10, async (e) => void published.push(e))).toBe(1);
    const eventId = expect.stringMatching(/^[0-9a-f-]{36}$/);
    expect(published).toEqual([{ ...deleted(1), requestId: 'req-1', eventId }]);
  });

  it('relays the oldest first, a batch at a time, and deletes what it published', async () => {
    for (const id of [1, 2, 3]) await outbox().append(Subjects.events.userDeleted, { user_id: id }, null);
    const published: unknown[] = [];
    const publish = async (e: PendingEvent) => void published.push(e.payload);
    expect(await outbox().relayOldest(2, publish)).toBe(2);
    expect(await outbox().relayOldest(2, publish)).toBe(1);
    expect(await outbox().relayOldest(2, publish)).toBe(0);
    expect(published).toEqual([{ user_id: 1 }, { user_id: 2 }, { user_id: 3 }]);
  });

  it('keeps every event of a batch whose publishing failed, for the next pass', async () => {
    for (const id of [1, 2]) await outbox().append(Subjects.events.userDeleted, { user_id: id }, null);
    let calls = 0;
    const failSecond = async () => {
      if (++calls === 2) throw new Error('JetStream unavailable');
    };
    await expect(outbox().relayOldest(10, failSecond)).rejects.toThrow('JetStream unavailable');
    const published: unknown[] = [];
    expect(await outbox().relayOldest(10, async (e) => void published.push(e.payload))).toBe(2);
    expect(published).toEqual([{ user_id: 1 }, { user_id: 2 }]);
  });

  it('claims only the given subjects when asked, leaving the others for their own relay', async () => {
    const { userDeleted, modelActivated } = Subjects.events;
    await outbox().append(userDeleted, { user_id: 1 }, null);
    await outbox().append(modelActivated, { kind: 'ranker', version: 3 }, null);
    await outbox().append(userDeleted, { user_id: 2 }, null);
    const published: unknown[] = [];
    const publish = async (e: PendingEvent) => void published.push(e.subject);
    expect(await outbox().relayOldest(10, publish, [modelActivated])).toBe(1);
    expect(await outbox().relayOldest(10, publish, [])).toBe(0);
    expect(await outbox().relayOldest(10, publish, [userDeleted])).toBe(2);
    expect(published).toEqual([modelActivated, userDeleted, userDeleted]);
  });

  it('lets two relays share the work: a pass skips the events another pass holds', async () => {
    for (const id of [1, 2, 3]) await outbox().append(Subjects.events.userDeleted, { user_id: id }, null);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let claimed!: () => void;
    const firstClaimed = new Promise<void>((resolve) => (claimed = resolve));
    const first = outbox().relayOldest(2, async () => {
      claimed();
      await held;
    });
    await firstClaimed;
    const second: unknown[] = [];
    expect(await outbox().relayOldest(10, async (e) => void second.push(e.payload))).toBe(1);
    expect(second).toEqual([{ user_id: 3 }]);
    release();
    expect(await first).toBe(2);
    expect(await ds.query('SELECT count(*)::int AS n FROM outbox_events')).toEqual([{ n: 0 }]);
  });

  it('deletes the unrelayed events naming a user, in every payload shape, and keeps the others', async () => {
    const { userCreated, userUpdated, userDeleted, interactionCreated, bulkImported } = Subjects.events;
    const swipe = (user_id: number, target_user_id: number) => ({
      interaction: { id: 1, user_id, target_user_id, interaction_type: 'like' as const, context: null, created_at: '' },
      is_match: false,
    });
    await outbox().append(userCreated, { user_id: 7 }, null);
    await outbox().append(userUpdated, { user_id: 70 }, null);
    // A message of the versions that carried the profile.
    await ds.query(`INSERT INTO outbox_events (subject, payload) VALUES ($1, $2)`, [
      userUpdated,
      { user: { id: 7, name: 'Legacy' } },
    ]);
    await outbox().append(interactionCreated, swipe(7, 8), null);
    await outbox().append(interactionCreated, swipe(9, 7), null);
    await outbox().append(interactionCreated, swipe(8, 9), null);
    await outbox().append(bulkImported, { users: 7, interactions: 7 }, null);
    await outbox().append(userDeleted, { user_id: 8 }, null);
    expect(await ds.transaction((m) => new OutboxEventsRepository(m).deleteMentioning(7))).toBe(4);
    const left: unknown[] = [];
    await outbox().relayOldest(100, async (e) => void left.push(e.payload));
    expect(left).toEqual([{ user_id: 70 }, swipe(8, 9), { users: 7, interactions: 7 }, { user_id: 8 }]);
  });
});
