import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { NatsContext } from '@nestjs/microservices';
import type { Observable } from 'rxjs';
import { checkRequest } from '../validation/contracts/check-payload';

/**
 * The bus is not trusted: before any handler of a service runs, its request is checked against
 * the subject's schema (libs/common/src/validation/contracts, the table `RPC_SCHEMAS`). A bad
 * one is answered VALIDATION_FAILED naming each field and why, and its handler never runs (so
 * no SQL does). Installed for every service by `bootstrap`, inside RpcContextInterceptor, so a
 * refused request is timed and counted like any answer.
 */
@Injectable()
export class ContractValidationInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = context.switchToRpc();
    checkRequest(rpc.getContext<NatsContext>().getSubject(), rpc.getData());
    return next.handle();
  }
}
