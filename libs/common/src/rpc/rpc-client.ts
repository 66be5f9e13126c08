import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { firstValueFrom, timeout } from 'rxjs';
import { type DomainError, REQUEST_ID_HEADER, type RpcReply, type RpcRequest, type RpcSubject } from '@app/contracts';
import { currentRequestId } from '../logging/request-context';
import { rpcFailure } from './rpc-errors';

export const NATS_CLIENT = Symbol('NATS_CLIENT');

/**
 * Typed NATS request/reply: the reply type is inferred from the subject, the request id travels
 * in a header, and every failure comes back as a DomainError with a code.
 */
@Injectable()
export class RpcClient implements OnApplicationShutdown {
  private readonly logger = new Logger(RpcClient.name);

  constructor(
    private readonly client: ClientProxy,
    private readonly timeoutMs: number,
  ) {}

  /** Sends `payload` to `subject` and resolves with its typed reply. */
  async send<S extends RpcSubject>(subject: S, payload: RpcRequest<S>, timeoutMs = this.timeoutMs): Promise<RpcReply<S>> {
    const h = natsHeaders();
    const requestId = currentRequestId();
    if (requestId) h.set(REQUEST_ID_HEADER, requestId);
    const record = new NatsRecordBuilder(payload).setHeaders(h).build();
    try {
      return await firstValueFrom(this.client.send<RpcReply<S>>(subject, record).pipe(timeout(timeoutMs)));
    } catch (err) {
      throw this.asDomainError(subject, err);
    }
  }

  private asDomainError(subject: string, err: unknown): DomainError {
    const { error, unexpected } = rpcFailure(subject, err);
    if (unexpected) this.logger.error(`unexpected RPC failure on ${subject}: ${(err as Error)?.message ?? String(err)}`);
    return error;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
