import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy, NatsRecordBuilder } from '@nestjs/microservices';
import { headers as natsHeaders } from '@nats-io/nats-core';
import { firstValueFrom, timeout, TimeoutError } from 'rxjs';
import { DomainError, ErrorCode, isErrorPayload, REQUEST_ID_HEADER, type RpcReply, type RpcRequest, type RpcSubject } from '@app/contracts';
import { currentRequestId } from '../logging/request-context';

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
      throw this.toDomainError(subject, err);
    }
  }

  private toDomainError(subject: string, err: unknown): DomainError {
    if (err instanceof DomainError) return err;
    if (isErrorPayload(err)) return new DomainError(err.code, err.message, err.details);
    if (err instanceof TimeoutError) return new DomainError(ErrorCode.ServiceUnavailable, `no reply on ${subject} within the timeout`);
    const message = (err as Error)?.message ?? String(err);
    // NATS answers "503"/no responders when no instance of the service is subscribed.
    if (/no responders|503|no matching message handler|CONNECTION_REFUSED|closed|disconnect/i.test(message)) {
      return new DomainError(ErrorCode.ServiceUnavailable, `service for ${subject} is unavailable`);
    }
    this.logger.error(`unexpected RPC failure on ${subject}: ${message}`);
    return new DomainError(ErrorCode.Internal, 'internal error');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
