import { Injectable, Logger } from '@nestjs/common';
import { headers as natsHeaders } from '@nats-io/nats-core';
import {
  CALLER_ROLE_HEADER,
  type CallerRole,
  type DomainError,
  REQUEST_ID_HEADER,
  type RpcReply,
  type RpcRequest,
  type RpcSubject,
} from '@app/contracts';
import type { Colocation } from '../bootstrap/colocation';
import type { SharedNatsConnection } from '../nats/shared-nats-connection';
import { rpcFailure } from './rpc-errors';
import { decodeRpcReply, encodeRpcRequest, RPC_JSON_BYTES_HEADER } from './rpc-wire';

/**
 * Per call: the request this call serves (its id travels in a header), whom it is for (the
 * caller's role, also a header: services disclose by it), and a timeout other than the client's.
 */
export interface RpcSendOptions {
  requestId?: string | null;
  role?: CallerRole;
  timeoutMs?: number;
}

/**
 * Typed NATS request/reply: the reply type is inferred from the subject, the request id travels
 * in a header, and every failure comes back as a DomainError with a code.
 *
 * Requests go through nats.js's own `request()`, not Nest's `ClientNats`: Nest subscribes a
 * fresh inbox for every request and unsubscribes it when the reply comes (a SUB, the PUB, and
 * an UNSUB written separately, each a socket write and work for nats-server), while `request()`
 * answers every request through one wildcard inbox subscription made once per connection. The
 * services' handlers are Nest's, so the body keeps Nest's wire format (`rpc-wire.ts`). It
 * sends over the process's one connection (SharedNatsConnection), made on first use.
 *
 * When the service answering the subject runs in this process (TARGET=all, `Colocation`), the
 * call is made in process instead: the same handler, headers, timeout and errors, no hop.
 */
@Injectable()
export class RpcClient {
  private readonly logger = new Logger(RpcClient.name);
  private sent = 0;

  constructor(
    private readonly nats: SharedNatsConnection,
    private readonly timeoutMs: number,
    private readonly colocation?: Colocation,
  ) {}

  /** Sends `payload` to `subject` and resolves with its typed reply. */
  async send<S extends RpcSubject>(
    subject: S,
    payload: RpcRequest<S>,
    { requestId, role, timeoutMs = this.timeoutMs }: RpcSendOptions = {},
  ): Promise<RpcReply<S>> {
    const headers = requestId || role ? natsHeaders() : undefined;
    if (headers && requestId) headers.set(REQUEST_ID_HEADER, requestId);
    if (headers && role) headers.set(CALLER_ROLE_HEADER, role);
    try {
      const local = this.colocation?.handlerOf(subject);
      if (local) return (await local(payload, headers, timeoutMs)) as RpcReply<S>;
      const nc = await this.nats.get();
      const body = encodeRpcRequest(subject, payload, String(++this.sent));
      const reply = await nc.request(subject, body, { timeout: timeoutMs, headers });
      return decodeRpcReply<RpcReply<S>>(reply.data, reply.headers?.get(RPC_JSON_BYTES_HEADER));
    } catch (err) {
      throw this.asDomainError(subject, err, requestId);
    }
  }

  private asDomainError(subject: string, err: unknown, requestId: string | null | undefined): DomainError {
    const { error, unexpected } = rpcFailure(subject, err);
    if (unexpected)
      this.logger.error({
        msg: `unexpected RPC failure on ${subject}: ${(err as Error)?.message ?? String(err)}`,
        request_id: requestId ?? undefined,
      });
    return error;
  }
}
