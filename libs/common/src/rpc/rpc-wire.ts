/**
 * The wire format of Nest's NATS transport, which every service's `@MessagePattern` handler
 * speaks: a request is `{ pattern, data, id }` as JSON, and its one reply is
 * `{ id, response, isDisposed }` or `{ id, err, isDisposed }`. Nest's own server sends a
 * handler's single value and its completion as one message (`isDisposed: true`), so a plain
 * NATS request, which takes the first reply, receives the whole answer. Pure (no Nest, no NATS),
 * so each case is unit-tested.
 */

interface ReplyPacket {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

/** The request body Nest's server expects; `id` marks it as a request (an event has none). */
export function encodeRpcRequest(subject: string, payload: unknown, id: string): string {
  return JSON.stringify({ pattern: subject, data: payload, id });
}

/**
 * The handler's answer from a reply body. A handler that failed (Nest's exception filters
 * rewrite every throw as `err`, a DomainError payload here) is thrown as that value, so the
 * caller maps it exactly as it maps a failure of the transport.
 */
export function decodeRpcReply<T>(body: string): T {
  let packet: ReplyPacket;
  try {
    packet = JSON.parse(body) as ReplyPacket;
  } catch {
    throw new Error(`unreadable RPC reply: ${body.slice(0, 80)}`);
  }
  if (packet === null || typeof packet !== 'object') throw new Error(`unreadable RPC reply: ${body.slice(0, 80)}`);
  if (packet.err !== undefined && packet.err !== null) throw packet.err;
  return packet.response as T;
}
