import { connect } from '@nats-io/transport-node';
import { type ConnectionOptions, headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { randomUUID } from 'node:crypto';
import {
  CALLER_ROLE_HEADER,
  type CallerRole,
  REQUEST_ID_HEADER,
  type ErrorPayload,
  type RpcReply,
  type RpcRequest,
  type RpcSubject,
} from '../../libs/contracts/src';
import { decodeRpcReply, encodeRpcRequest, RPC_JSON_BYTES_HEADER } from '../../libs/common/src/rpc/rpc-wire';

/**
 * A typed NATS client speaking NestJS's request/reply packet format ({pattern, data, id} out,
 * {id, response | err} back, libs/common rpc-wire.ts), so integration tests talk to a service
 * process exactly as the gateway does, without loading NestJS (ES modules, which jest cannot load).
 * It calls as an admin (the app's backend) unless told `role: 'user'`, as the gateway does for
 * a user's token.
 */
export class NestNatsClient {
  private constructor(private readonly nc: NatsConnection) {}

  /** `options`: credentials and the like, for a server that refuses anonymous clients. */
  static async connect(url: string, options: ConnectionOptions = {}): Promise<NestNatsClient> {
    return new NestNatsClient(await connect({ ...options, servers: url }));
  }

  /** Sends a request; resolves with the reply or rejects with the service's ErrorPayload. */
  async send<S extends RpcSubject>(
    subject: S,
    data: RpcRequest<S>,
    options: { requestId?: string; timeoutMs?: number; role?: CallerRole } = {},
  ): Promise<RpcReply<S>> {
    const h = natsHeaders();
    if (options.requestId) h.set(REQUEST_ID_HEADER, options.requestId);
    h.set(CALLER_ROLE_HEADER, options.role ?? 'admin');
    const id = randomUUID();
    const msg = await this.nc.request(subject, encodeRpcRequest(subject, data, id), {
      timeout: options.timeoutMs ?? 5000,
      headers: h,
    });
    return decodeRpcReply<RpcReply<S>>(msg.data, msg.headers?.get(RPC_JSON_BYTES_HEADER));
  }

  /** The same call, resolving with the error payload instead (for failure cases). */
  async sendExpectingError<S extends RpcSubject>(subject: S, data: RpcRequest<S>): Promise<ErrorPayload> {
    try {
      await this.send(subject, data);
    } catch (err) {
      return err as ErrorPayload;
    }
    throw new Error(`${subject} succeeded but an error was expected`);
  }

  get connection(): NatsConnection {
    return this.nc;
  }

  async close(): Promise<void> {
    await this.nc.drain();
  }
}
