/** Which users the load scenarios act as: a seeded sample of the active ones, each with a token. */
import { SeededRandom } from '@app/ml/primitives/seeded-random';
import { withClient } from './database';
import type { Tokens } from './gateway-client';

export interface Viewer {
  id: number;
  token: string;
}

/** A seeded Fisher-Yates shuffle's first `n` items (all of them when fewer). */
export function sample<T>(items: readonly T[], n: number, seed: number): T[] {
  const a = [...items];
  const rng = new SeededRandom(seed);
  const m = Math.min(n, a.length);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(a.length - i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a.slice(0, m);
}

/**
 * `n` active users drawn at random (seeded, so runs are comparable), each with a pre-signed
 * token: signing inside the load loop would cost the load generator CPU the services need.
 */
export async function pickViewers(databaseUrl: string, n: number, seed: number, tokens: Tokens): Promise<Viewer[]> {
  const ids = await withClient(databaseUrl, async (c) =>
    (await c.query<{ id: number }>('SELECT id FROM users WHERE is_active ORDER BY id')).rows.map((r) => r.id),
  );
  if (!ids.length) throw new Error('the bench database has no active users to act as viewers');
  return sample(ids, n, seed).map((id) => ({ id, token: tokens.sign(id) }));
}
