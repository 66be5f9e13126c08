import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { connect } from '@nats-io/transport-node';
import { type DomainError, REQUEST_ID_HEADER, type RpcReply, type RpcRequest, type RpcSubject } from '@app/contracts';
import { rpcFailure } from './rpc-errors';
import { decodeRpcReply, encodeRpcRequest, RPC_JSON_BYTES_HEADER } from './rpc-wire';

export interface RpcConnectionOptions {
  servers: string[];
  /** The connection's name as nats-server lists it. */
  name: string;
}

/** Per call: the request this call serves (its id travels in a header), and a timeout other than the client's. */
export interface RpcSendOptions {
  requestId?: string | null;
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
 * services' handlers are Nest's, so the body keeps Nest's wire format (`rpc-wire.ts`).
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);
  private connection: Promise<NatsConnection> | null = null;
  private sent = 0;
  private closed = false;

  constructor(
    private readonly options: RpcConnectionOptions,
    private readonly timeoutMs: number,
  ) {}

  /** Sends `payload` to `subject` and resolves with its typed reply. */
  async send<S extends RpcSubject>(subject: S, payload: RpcRequest<S>, { requestId, timeoutMs = this.timeoutMs }: RpcSendOptions = {}): Promise<RpcReply<S>> {
    const headers = requestId ? natsHeaders() : undefined;
    if (headers && requestId) headers.set(REQUEST_ID_HEADER, requestId);
    try {
      const nc = await this.connected();
      const body = encodeRpcRequest(subject, payload, String(++this.sent));
      const reply = await nc.request(subject, body, { timeout: timeoutMs, headers });
      return decodeRpcReply<RpcReply<S>>(reply.data, reply.headers?.get(RPC_JSON_BYTES_HEADER));
    } catch (err) {
      throw this.asDomainError(subject, err, requestId);
    }
  }

  /**
   * The connection, made on first use as Nest's client did (a service starts, and answers its
   * health checks, while NATS is still down). A failed attempt is forgotten, so the next request
   * tries again; once connected, nats.js reconnects on its own, indefinitely.
   */
  private connected(): Promise<NatsConnection> {
    if (this.closed) return Promise.reject(new Error('RPC client closed'));
    if (!this.connection) {
      this.connection = connect({
        servers: this.options.servers,
        name: this.options.name,
        maxReconnectAttempts: -1,
        // An Error (with its stack) per request only to enrich a failure's trace: not worth it here.
        noAsyncTraces: true,
      });
      this.connection.catch(() => {
        this.connection = null;
      });
    }
    return this.connection;
  }

  private asDomainError(subject: string, err: unknown, requestId: string | null | undefined): DomainError {
    const { error, unexpected } = rpcFailure(subject, err);
    if (unexpected) this.logger.error({ msg: `unexpected RPC failure on ${subject}: ${(err as Error)?.message ?? String(err)}`, request_id: requestId ?? undefined });
    return error;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    const connection = this.connection;
    this.connection = null;
    if (!connection) return;
    try {
      await (await connection).drain();
    } catch {
      // Never connected, or already closed: nothing to let go of.
    }
  }
}
