import { createRecsysClient, ok, RecsysApiError } from '@app/client';
import { ADMIN, api, tokenFor } from '../support/api';

/**
 * The typed client (libs/client) against the real gateway: README's example as written, the
 * errors as typed values, and a swipe whose answer is lost on the way back, retried by the client
 * and recorded once (libs/client/src/client.int-spec.ts covers the retry rules one by one).
 */
const baseUrl = () => process.env.E2E_BASE_URL!;

describe('the typed client against the gateway', () => {
  it("runs README's example: two people, a like each way, a match, recommendations", async () => {
    // --- README.md, "Typed client" (kept in step by hand: the same calls) ---
    const backend = createRecsysClient({ baseUrl: baseUrl(), token: ADMIN() });
    const alice = await ok(backend.POST('/api/v1/users', { body: { name: 'Alice', age: 29, gender: 'female' } }));
    const bob = await ok(backend.POST('/api/v1/users', { body: { name: 'Bob', age: 31, gender: 'male' } }));
    await ok(
      backend.POST('/api/v1/interactions', {
        body: { user_id: alice.id, target_user_id: bob.id, interaction_type: 'like' },
      }),
    );
    const back = await ok(
      backend.POST('/api/v1/interactions', {
        body: { user_id: bob.id, target_user_id: alice.id, interaction_type: 'like' },
      }),
    );
    const page = await ok(
      backend.GET('/api/v1/recommendations/users/{user_id}/recommendations', {
        params: { path: { user_id: alice.id }, query: { limit: 10 } },
      }),
    );
    // --- end of the example ---
    expect(back.is_match).toBe(true);
    expect(page.user_id).toBe(alice.id);
    expect(page.items.every((r) => r.p_like >= 0 && r.p_like <= 1)).toBe(true);
    const matches = await ok(backend.GET('/api/v1/matches/{user_id}', { params: { path: { user_id: alice.id } } }));
    expect(matches.items.map((m) => m.matched_user_id)).toEqual([bob.id]);
  });

  it('throws typed errors: the status, the code, the request id and the reasons per field', async () => {
    const backend = createRecsysClient({ baseUrl: baseUrl(), token: ADMIN(), retry: { attempts: 1 } });
    const missing = await ok(backend.GET('/api/v1/users/{user_id}', { params: { path: { user_id: 2_000_000_000 } } }))
      .then(() => null)
      .catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(RecsysApiError);
    expect(missing).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: expect.any(String) });

    const young = await backend.POST('/api/v1/users', { body: { name: 'Kid', age: 12, gender: 'male' } });
    expect(young.response.status).toBe(400);
    expect(young.error?.error).toBe('VALIDATION_FAILED');
    const thrown = (await ok(Promise.resolve(young)).catch((e: unknown) => e)) as RecsysApiError;
    expect(thrown.reasonsFor('age')).toEqual([expect.stringContaining('18')]);

    const stranger = createRecsysClient({ baseUrl: baseUrl(), token: 'not-a-jwt', retry: { attempts: 1 } });
    const refused = await stranger.GET('/api/v1/matches/{user_id}', { params: { path: { user_id: 1 } } });
    expect(refused.response.status).toBe(401);
    expect(refused.error?.error).toBe('UNAUTHENTICATED');
  });

  it('records a swipe once when its answer is lost and the client sends it again', async () => {
    const backend = createRecsysClient({ baseUrl: baseUrl(), token: ADMIN() });
    const a = await ok(backend.POST('/api/v1/users', { body: { name: 'Ann', age: 33, gender: 'female' } }));
    const b = await ok(backend.POST('/api/v1/users', { body: { name: 'Ben', age: 34, gender: 'male' } }));

    // The gateway records the first attempt, then the connection drops before its answer arrives.
    const statuses: number[] = [];
    let lose = true;
    const lossy = createRecsysClient({
      baseUrl: baseUrl(),
      token: tokenFor(a.id),
      retry: { baseDelayMs: 20 },
      fetch: async (request) => {
        const res = await fetch(request);
        statuses.push(res.status);
        if (lose) {
          lose = false;
          await res.body?.cancel();
          throw new TypeError('fetch failed (answer lost on the way back)');
        }
        return res;
      },
    });
    const swipe = await lossy.POST('/api/v1/interactions', {
      body: { target_user_id: b.id, interaction_type: 'like' },
    });
    expect(statuses).toEqual([201, 200]);
    expect(swipe.response.status).toBe(200);
    expect(swipe.data).toMatchObject({ user_id: a.id, target_user_id: b.id, interaction_type: 'like' });

    const given = await api('GET', `/api/v1/interactions/user/${a.id}?direction=given`);
    expect(given.body.total).toBe(1);
  });
});
