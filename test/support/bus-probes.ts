/**
 * Probes of what nats-server allows a connection: a request, a publish and a subscription, each
 * returning the server's refusal (the bus-permission spec asks them as every user).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { NatsConnection } from '@nats-io/nats-core';

/** The error nats-server answered a request with (a permissions violation); throws if the request went out. */
export async function requestRefusal(nc: NatsConnection, subject: string): Promise<string> {
  const outcome = await nc.request(subject, '{}', { timeout: 2000 }).then(
    () => 'answered',
    (err: Error) => err.message,
  );
  if (!/Permissions Violation/.test(outcome)) throw new Error(`${subject}: not refused (${outcome})`);
  return outcome;
}

/** Publishes `subject` as plain NATS and returns the server's permission error, or null when accepted. */
export async function publishRefusal(nc: NatsConnection, subject: string): Promise<string | null> {
  const errors: string[] = [];
  const watching = (async () => {
    for await (const s of nc.status()) if (s.type === 'error') errors.push(s.error.message);
  })();
  nc.publish(subject, '{}');
  // The server answers PING after it has handled the publish: a refusal arrives before the PONG.
  await nc.flush();
  await delay(20);
  void watching;
  return errors.find((e) => e.includes(`"${subject}"`)) ?? null;
}

/** Subscribes as `nc` and returns the server's refusal, or null when the subscription stands. */
export async function subscribeRefusal(nc: NatsConnection, subject: string): Promise<string | null> {
  const sub = nc.subscribe(subject);
  await nc.flush();
  const closed = await Promise.race([sub.closed, delay(100).then(() => 'open' as const)]);
  if (closed === 'open') {
    sub.unsubscribe();
    return null;
  }
  return closed instanceof Error ? closed.message : 'closed';
}
