/**
 * The chaos run's steady mixed load on the gateway: swipes (each with its own Idempotency-Key,
 * retried with the same key until acknowledged, as a careful client would), recommendation
 * pages and profile updates, at a fixed rate. Every attempt is logged with its time and outcome,
 * so each fault window's error rate and recovery time can be read off afterwards.
 */
import { randomUUID } from 'node:crypto';
import { sleep } from '../bench/wait';
import { recommendationsPath, type Tokens } from '../bench/gateway-client';

export type OpKind = 'swipe' | 'recommend' | 'profile';

export interface Attempt {
  at: number;
  kind: OpKind;
  ok: boolean;
}

export interface Swipe {
  key: string;
  actor: number;
  target: number;
  type: 'like' | 'dislike';
  acknowledged: boolean;
  attempts: number;
}

const INTERESTS = ['hiking', 'cooking', 'travel', 'music', 'photography', 'yoga', 'chess', 'film'];
/** A request not answered within this is a failed attempt (the client gives up on it and retries). */
const REQUEST_TIMEOUT_MS = 5000;
/** Between two attempts of the same swipe. */
const RETRY_MS = 300;

export class ChaosLoad {
  readonly attempts: Attempt[] = [];
  readonly swipes: Swipe[] = [];
  private readonly pairs = new Set<string>();
  private running = false;
  private inFlight = new Set<Promise<void>>();
  private loop: Promise<void> | null = null;
  /** Swipes keep being retried until this time, after the load stopped. */
  private retryUntil = Infinity;

  constructor(
    private readonly base: string,
    private readonly tokens: Tokens,
    private readonly users: readonly number[],
    private readonly perSecond: number,
    private readonly random: () => number,
  ) {}

  start(): void {
    this.running = true;
    this.loop = (async () => {
      const every = 1000 / this.perSecond;
      let next = Date.now();
      while (this.running) {
        const r = this.random();
        const op = r < 0.6 ? this.swipe() : r < 0.9 ? this.recommend() : this.updateProfile();
        this.track(op);
        next += every;
        await sleep(Math.max(0, next - Date.now()));
      }
    })();
  }

  /** Stops starting operations, then waits for the swipes in flight to be acknowledged (or for `graceMs`). */
  async stop(graceMs: number): Promise<void> {
    this.running = false;
    await this.loop;
    this.retryUntil = Date.now() + graceMs;
    await Promise.all([...this.inFlight]);
  }

  private track(op: Promise<void>): void {
    this.inFlight.add(op);
    void op.finally(() => this.inFlight.delete(op));
  }

  private pick(): number {
    return this.users[Math.floor(this.random() * this.users.length)];
  }

  private async swipe(): Promise<void> {
    let actor = this.pick();
    let target = this.pick();
    for (let tries = 0; (actor === target || this.pairs.has(`${actor}:${target}`)) && tries < 20; tries++) {
      actor = this.pick();
      target = this.pick();
    }
    if (actor === target || this.pairs.has(`${actor}:${target}`)) return;
    this.pairs.add(`${actor}:${target}`);
    const s: Swipe = {
      key: randomUUID(),
      actor,
      target,
      type: this.random() < 0.7 ? 'like' : 'dislike',
      acknowledged: false,
      attempts: 0,
    };
    this.swipes.push(s);
    const body = { user_id: actor, target_user_id: target, interaction_type: s.type };
    while (!s.acknowledged && Date.now() < this.retryUntil) {
      s.attempts++;
      const status = await this.request('POST', '/api/v1/interactions/', this.tokens.sign(actor), body, {
        'idempotency-key': s.key,
      });
      const ok = status === 200 || status === 201;
      this.attempts.push({ at: Date.now(), kind: 'swipe', ok });
      if (ok) s.acknowledged = true;
      // A refusal (4xx) would repeat: the run counts it as an error and the swipe as not acknowledged.
      else if (status >= 400 && status < 500 && status !== 429) return;
      else await sleep(RETRY_MS);
    }
  }

  private async recommend(): Promise<void> {
    const viewer = this.pick();
    const status = await this.request('GET', recommendationsPath(viewer, 10), this.tokens.sign(viewer));
    this.attempts.push({ at: Date.now(), kind: 'recommend', ok: status === 200 });
  }

  private async updateProfile(): Promise<void> {
    const user = this.pick();
    const interests = INTERESTS.filter(() => this.random() < 0.4);
    const status = await this.request('PUT', `/api/v1/users/${user}`, this.tokens.sign(user), { interests });
    this.attempts.push({ at: Date.now(), kind: 'profile', ok: status === 200 });
  }

  /** One HTTP attempt: its status, or 0 when it got no answer (refused, reset, timed out). */
  private async request(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<number> {
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      return res.status;
    } catch {
      return 0;
    }
  }
}
