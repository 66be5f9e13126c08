import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DurableConsumers } from '@app/contracts';
import { waitFor } from '../../test/support/infra';
import { type SecuredBus, startSecuredBus } from '../../test/support/secured-bus';

/**
 * Every app in one process (TARGET=all) on the shipped, secured bus, logged in as `all`: its
 * permissions (the union of the apps', generated from BUS_ACCESS) are enough for everything the
 * apps do there, so it starts, serves, relays its events and runs every consumer without one
 * refusal. The bus's other refusals are the business of nats-auth.int-spec.ts.
 */
describe('every app in one process on the secured bus, as the NATS user all (integration)', () => {
  let bus: SecuredBus;

  beforeAll(async () => {
    bus = await startSecuredBus('all');
  });

  afterAll(async () => {
    await bus?.stop();
  });

  it('serves the API, relays its events and runs every consumer, with no refusal from the bus', async () => {
    const { body: ann } = await bus.http('POST', '/users/', { name: 'Ann', age: 30, gender: 'female' });
    const { body: ben } = await bus.http('POST', '/users/', { name: 'Ben', age: 31, gender: 'male' });
    const like = { user_id: ben.id, target_user_id: ann.id, interaction_type: 'like' };
    expect((await bus.http('POST', '/interactions/', like)).status).toBe(201);
    await waitFor(
      async () => {
        const recs = await bus.http('GET', `/recommendations/users/${ann.id}/recommendations`);
        if (!recs.body.items?.some((i: { user_id: number }) => i.user_id === ben.id))
          throw new Error(`recommendations: ${JSON.stringify(recs.body).slice(0, 300)}`);
      },
      20_000,
      'Ben recommended to Ann',
    );
    for (const name of [
      DurableConsumers.rankingCache,
      DurableConsumers.rankingCacheUsers,
      DurableConsumers.featureCounters,
      DurableConsumers.trainerRetrainCounter,
    ])
      expect(await bus.drained('all', name)).toBeGreaterThan(0);
    expect(await bus.http('GET', '/admin/dead-letters')).toEqual({ status: 200, body: { items: [] } });

    const log = readFileSync(join(bus.logDir, 'all.log'), 'utf8');
    expect(log.match(/.*(Permissions Violation|Authorization Violation|cannot follow).*/g)).toBeNull();
  });
});
