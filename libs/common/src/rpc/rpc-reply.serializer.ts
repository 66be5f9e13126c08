import { headers as natsHeaders, type MsgHdrs } from '@nats-io/nats-core';
import { encodeRpcReply, RPC_JSON_BYTES_HEADER } from './rpc-wire';

/**
 * The services' reply serializer (Nest's NATS server option `serializer`): Nest's JSON, with
 * the one extension of rpc-wire.ts (Float32Array fields of a response as bytes after it).
 */
export class RpcReplySerializer {
  serialize(packet: object): { data: string | Uint8Array; headers?: MsgHdrs } {
    const { body, jsonBytes } = encodeRpcReply(packet);
    if (jsonBytes === null) return { data: body };
    const headers = natsHeaders();
    headers.set(RPC_JSON_BYTES_HEADER, String(jsonBytes));
    return { data: body, headers };
  }
}
