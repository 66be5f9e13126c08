import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { AddressInfo } from 'node:net';
import {
  ok,
  verifyWebhookSignature,
  type RecsysClient,
  type Schemas,
  type WebhookEnvelope as ClientEnvelope,
} from '@app/client';
import type { WebhookEnvelope as ContractEnvelope } from '@app/contracts';
import { api, apiClient, createUser, tokenFor } from '../support/api';
import { waitFor } from '../support/infra';

/**
 * Webhooks through the gateway: an app backend registers an endpoint, two people match, and the
 * endpoint receives a signed match.formed; a receiver that fails is retried, then given up on and
 * sent again on request; the delivery log shows each step; a deleted person's deliveries go with
 * them. The stack retries after 0.3 s and 0.6 s, three attempts in all (test/support/stack.ts).
 */

/** The client's copy of the delivery body is the contract's (the client imports nothing of ours). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _clientMirrorsContract: Same<ClientEnvelope, ContractEnvelope> = true;

interface Received {
  headers: IncomingMessage['headers'];
  raw: string;
  body: ContractEnvelope;
}

/** An app backend's endpoint: records every POST, answering with the next status of `answers` (then 200). */
async function receiver(answers: number[] = []) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(answers.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/recsys`;
  return { url, received, close: () => new Promise((resolve) => server.close(resolve)) };
}

type Webhook = Schemas['CreatedWebhookResponse'];

describe('webhooks', () => {
  const admin = () => apiClient();
  const created: number[] = [];
  const register = async (url: string): Promise<Webhook> => {
    const hook = await ok(admin().POST('/api/v1/admin/webhooks', { body: { url, events: ['match.formed'] } }));
    created.push(hook.id);
    return hook;
  };
  /** Alice likes Bob, Bob likes Alice: the second like forms the match. */
  const match = async () => {
    const alice = await createUser({ name: 'Alice', gender: 'female' });
    const bob = await createUser({ name: 'Bob', gender: 'male' });
    const swipe = (from: number, to: number) =>
      ok(
        apiClient(tokenFor(from)).POST('/api/v1/interactions', {
          body: { target_user_id: to, interaction_type: 'like' },
        }),
      );
    await swipe(alice.id, bob.id);
    const completing = await swipe(bob.id, alice.id);
    expect(completing.is_match).toBe(true);
    return { alice, bob, completing };
  };
  const about = (r: Received[], userId: number) => r.filter((x) => x.body.data.user_ids.includes(userId));
  const deliveriesOf = (client: RecsysClient, webhookId: number) =>
    ok(client.GET('/api/v1/admin/webhooks/{webhook_id}/deliveries', { params: { path: { webhook_id: webhookId } } }));

  // Each test's webhooks go with it: the next test's matches must reach only its own.
  afterEach(async () => {
    for (const id of created.splice(0))
      await admin().DELETE('/api/v1/admin/webhooks/{webhook_id}', { params: { path: { webhook_id: id } } });
  });

  it('registers a webhook for admins only, shows its secret once, and refuses bad ones naming the field', async () => {
    const hook = await register('http://backend.internal:8080/hooks');
    expect(hook).toMatchObject({ url: 'http://backend.internal:8080/hooks', events: ['match.formed'], active: true });
    expect(hook.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    const { items } = await ok(admin().GET('/api/v1/admin/webhooks'));
    const listed = items.find((w) => w.id === hook.id)!;
    expect(listed).toEqual({ ...hook, secret: undefined, description: null });
    expect(JSON.stringify(items)).not.toContain(hook.secret);

    const user = await createUser();
    const asUser = await apiClient(tokenFor(user.id)).POST('/api/v1/admin/webhooks', {
      body: { url: 'http://evil.example/steal', events: ['match.formed'] },
    });
    expect(asUser.response.status).toBe(403);
    expect((await apiClient(tokenFor(user.id)).GET('/api/v1/admin/webhooks')).response.status).toBe(403);

    for (const [body, field] of [
      [{ url: 'ftp://backend/hooks', events: ['match.formed'] }, 'url'],
      [{ url: 'http://backend/hooks', events: ['user.disliked'] }, 'events'],
      [{ url: 'http://backend/hooks', events: [] }, 'events'],
      [{ url: 'http://backend/hooks', events: ['match.formed'], secret: 'chosen' }, 'secret'],
    ] as const) {
      const res = await api('POST', '/api/v1/admin/webhooks', { body });
      expect([res.status, res.body.details.map((d: { field: string }) => d.field)]).toEqual([400, [field]]);
    }
    const bad = await api('GET', '/api/v1/admin/webhooks/abc/deliveries');
    expect([bad.status, bad.body.details[0].field]).toEqual([400, 'webhook_id']);
    const unknown = await admin().DELETE('/api/v1/admin/webhooks/{webhook_id}', {
      params: { path: { webhook_id: 987654321 } },
    });
    expect(unknown.response.status).toBe(404);

    // Deleted: nothing more is sent to it (other suites' matches would be, to a host that is not there).
    const gone = await ok(
      admin().DELETE('/api/v1/admin/webhooks/{webhook_id}', { params: { path: { webhook_id: hook.id } } }),
    );
    expect(gone).toEqual({ id: hook.id, deleted: true });
    expect((await ok(admin().GET('/api/v1/admin/webhooks'))).items.some((w) => w.id === hook.id)).toBe(false);
  });

  it('POSTs a signed match.formed when two people match, once, and logs the delivery', async () => {
    const endpoint = await receiver();
    try {
      const hook = await register(endpoint.url);
      const { alice, bob, completing } = await match();
      await waitFor(async () => expect(about(endpoint.received, alice.id)).toHaveLength(1), 15_000, 'the delivery');
      const [got] = about(endpoint.received, alice.id);
      expect(got.headers['x-recsys-event']).toBe('match.formed');
      expect(verifyWebhookSignature(hook.secret, got.headers['x-recsys-signature'] as string, got.raw)).toBe(true);
      expect(verifyWebhookSignature('whsec_wrong', got.headers['x-recsys-signature'] as string, got.raw)).toBe(false);
      expect(got.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'match.formed',
        created_at: completing.created_at,
        data: { user_ids: [bob.id, alice.id], interaction_id: completing.id, matched_at: completing.created_at },
      });

      // What asyncapi.json promises a receiver.
      const asyncapi = JSON.parse(readFileSync(join(__dirname, '..', '..', 'asyncapi.json'), 'utf8'));
      const ajv = addFormats(new Ajv({ strict: false }));
      const envelope = ajv.compile(asyncapi.components.schemas.WebhookEnvelope);
      expect([envelope(got.body), envelope.errors ?? null]).toEqual([true, null]);

      const log = await deliveriesOf(admin(), hook.id);
      const entry = log.items.find((d) => d.event_id === got.body.id)!;
      expect(entry).toMatchObject({ status: 'delivered', attempts: 1, last_status: 200, last_error: null });
      expect(String(entry.id)).toBe(got.headers['x-recsys-delivery']);
      // A like that forms no match sends nothing.
      const carol = await createUser({ name: 'Carol' });
      await ok(
        apiClient(tokenFor(carol.id)).POST('/api/v1/interactions', {
          body: { target_user_id: bob.id, interaction_type: 'like' },
        }),
      );
      const again = await deliveriesOf(admin(), hook.id);
      expect(again.items.filter((d) => d.event_id === got.body.id)).toHaveLength(1);
      expect(about(endpoint.received, carol.id)).toHaveLength(0);
    } finally {
      await endpoint.close();
    }
  });

  it('retries a failing receiver with the same event, then gives up, and sends it again on request', async () => {
    // Fails twice, then answers 200: delivered on the third attempt.
    const flaky = await receiver([500, 503]);
    // Fails three times: given up after the third attempt (WEBHOOK_MAX_ATTEMPTS=3).
    const down = await receiver([500, 500, 500]);
    try {
      const flakyHook = await register(flaky.url);
      const downHook = await register(down.url);
      const { alice } = await match();
      await waitFor(async () => expect(about(flaky.received, alice.id)).toHaveLength(3), 20_000, 'three attempts');
      const ids = new Set(about(flaky.received, alice.id).map((r) => r.body.id));
      expect(ids.size).toBe(1);
      const flakyLog = await deliveriesOf(admin(), flakyHook.id);
      expect(flakyLog.items.find((d) => ids.has(d.event_id))).toMatchObject({
        status: 'delivered',
        attempts: 3,
        last_status: 200,
      });

      const failed = async () => (await deliveriesOf(admin(), downHook.id)).items.find((d) => ids.has(d.event_id))!;
      await waitFor(async () => expect((await failed()).status).toBe('failed'), 20_000, 'the delivery to fail');
      expect(await failed()).toMatchObject({ attempts: 3, last_status: 500, next_attempt_at: null });
      expect((await failed()).last_error).toContain('500');

      // The receiver is fixed (its script ran out: it answers 200 now); the admin sends it again.
      const again = await admin().POST('/api/v1/admin/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver', {
        params: { path: { webhook_id: downHook.id, delivery_id: (await failed()).id } },
      });
      expect(again.response.status).toBe(202);
      expect(again.data).toMatchObject({ status: 'pending', attempts: 0 });
      await waitFor(async () => expect((await failed()).status).toBe('delivered'), 15_000, 'the redelivery');
      expect(about(down.received, alice.id)).toHaveLength(4);
    } finally {
      await flaky.close();
      await down.close();
    }
  });

  it("forgets a deleted person's deliveries, the log included", async () => {
    const endpoint = await receiver();
    try {
      const hook = await register(endpoint.url);
      const { alice, bob } = await match();
      await waitFor(async () => expect(about(endpoint.received, alice.id)).toHaveLength(1), 15_000, 'the delivery');
      const eventId = about(endpoint.received, alice.id)[0].body.id;
      const removed = await ok(
        apiClient(tokenFor(bob.id)).DELETE('/api/v1/users/{user_id}', { params: { path: { user_id: bob.id } } }),
      );
      expect(removed.removed.webhook_deliveries).toBe(1);
      const log = await deliveriesOf(admin(), hook.id);
      expect(log.items.some((d) => d.event_id === eventId)).toBe(false);
    } finally {
      await endpoint.close();
    }
  });
});
