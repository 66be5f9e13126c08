/**
 * The wire format of Nest's NATS transport, which every service's `@MessagePattern` handler
 * speaks: a request is `{ pattern, data, id }` as JSON, and its one reply is
 * `{ id, response, isDisposed }` or `{ id, err, isDisposed }`. Nest's own server sends a
 * handler's single value and its completion as one message (`isDisposed: true`), so a plain
 * NATS request, which takes the first reply, receives the whole answer.
 *
 * One extension: a Float32Array among a response's own fields (a feature batch's 200 vectors)
 * travels as its bytes after the JSON, whose length the RPC_JSON_BYTES header gives, with a
 * marker `{ "$float32": [byteOffset, length] }` in its place. As base64 inside the JSON, those
 * 26 KB became 35 KB of text to encode, stringify, transcode, parse and decode on both sides.
 * Pure (no Nest, no NATS), so each case is unit-tested.
 */

/** Header of a reply whose JSON is followed by raw float32 arrays: the JSON's length in bytes. */
export const RPC_JSON_BYTES_HEADER = 'Rpc-Json-Bytes';

interface ReplyPacket {
  id?: string;
  response?: unknown;
  err?: unknown;
  isDisposed?: boolean;
}

interface Float32Marker {
  $float32: [byteOffset: number, length: number];
}

const utf8 = new TextDecoder();

/** The request body Nest's server expects; `id` marks it as a request (an event has none). */
export function encodeRpcRequest(subject: string, payload: unknown, id: string): string {
  return JSON.stringify({ pattern: subject, data: payload, id });
}

/**
 * A reply packet as its body: JSON, as Nest writes it, when the response holds no Float32Array
 * (jsonBytes null); else the JSON with markers, then the arrays' bytes, and the JSON's length.
 */
export function encodeRpcReply(packet: object): { body: string | Uint8Array; jsonBytes: number | null } {
  const response = (packet as ReplyPacket).response;
  if (response === null || typeof response !== 'object' || Array.isArray(response))
    return { body: JSON.stringify(packet), jsonBytes: null };
  let fields: Record<string, unknown> | null = null;
  const arrays: Float32Array[] = [];
  let tail = 0;
  for (const [key, value] of Object.entries(response)) {
    if (!(value instanceof Float32Array)) continue;
    fields ??= { ...response };
    fields[key] = { $float32: [tail, value.length] } satisfies Float32Marker;
    arrays.push(value);
    tail += value.byteLength;
  }
  if (!fields) return { body: JSON.stringify(packet), jsonBytes: null };
  const json = Buffer.from(JSON.stringify({ ...packet, response: fields }));
  const body = new Uint8Array(json.length + tail);
  body.set(json);
  let at = json.length;
  for (const a of arrays) {
    body.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += a.byteLength;
  }
  return { body, jsonBytes: json.length };
}

/**
 * The handler's answer from a reply body (and its RPC_JSON_BYTES header, if any). A handler
 * that failed (Nest's exception filters rewrite every throw as `err`, a DomainError payload
 * here) is thrown as that value, so the caller maps it exactly as it maps a failure of the
 * transport.
 */
export function decodeRpcReply<T>(body: Uint8Array | string, jsonBytesHeader?: string | null): T {
  const jsonBytes = jsonBytesHeader ? Number(jsonBytesHeader) : null;
  if (
    jsonBytes !== null &&
    (!Number.isInteger(jsonBytes) || typeof body === 'string' || jsonBytes < 0 || jsonBytes > body.length)
  ) {
    throw new Error(`unreadable RPC reply: ${RPC_JSON_BYTES_HEADER} ${jsonBytesHeader} for ${body.length} bytes`);
  }
  const text = typeof body === 'string' ? body : utf8.decode(jsonBytes === null ? body : body.subarray(0, jsonBytes));
  let packet: ReplyPacket;
  try {
    packet = JSON.parse(text) as ReplyPacket;
  } catch {
    throw new Error(`unreadable RPC reply: ${text.slice(0, 80)}`);
  }
  if (packet === null || typeof packet !== 'object') throw new Error(`unreadable RPC reply: ${text.slice(0, 80)}`);
  if (packet.err !== undefined && packet.err !== null) throw packet.err;
  if (jsonBytes !== null)
    reviveArrays(packet.response as Record<string, unknown>, (body as Uint8Array).subarray(jsonBytes));
  return packet.response as T;
}

/** Puts each marked Float32Array back in its field, copied into an aligned array of its own. */
function reviveArrays(response: Record<string, unknown>, tail: Uint8Array): void {
  for (const [key, value] of Object.entries(response ?? {})) {
    const marker = (value as Partial<Float32Marker> | null)?.$float32;
    if (!Array.isArray(marker)) continue;
    const [offset, length] = marker;
    if (
      !Number.isInteger(offset) ||
      !Number.isInteger(length) ||
      offset < 0 ||
      length < 0 ||
      offset + 4 * length > tail.length
    ) {
      throw new Error(`unreadable RPC reply: float32 field ${key} outside the ${tail.length} bytes sent`);
    }
    const out = new Float32Array(length);
    new Uint8Array(out.buffer).set(tail.subarray(offset, offset + 4 * length));
    response[key] = out;
  }
}
