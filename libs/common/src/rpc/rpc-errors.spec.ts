import { errors as natsErrors } from '@nats-io/nats-core';
import { TimeoutError } from 'rxjs';
import { DomainError, ErrorCode, Subjects } from '@app/contracts';
import { rpcFailure } from './rpc-errors';

describe('rpcFailure', () => {
  it('keeps coded errors from the service as they are', () => {
    const notFound = DomainError.notFound('user', 7);
    expect(rpcFailure(Subjects.users.get, notFound)).toEqual({ error: notFound, unexpected: false });
    const fromWire = rpcFailure(Subjects.users.get, { code: ErrorCode.Conflict, message: 'taken', details: [] });
    expect(fromWire.error).toMatchObject({ code: ErrorCode.Conflict, message: 'taken' });
  });

  it('answers 503 when the service is absent or slow, whatever the transport says', () => {
    const batch = Subjects.features.batch;
    for (const err of [
      new TimeoutError(),
      new natsErrors.TimeoutError(),
      new natsErrors.RequestError(`no responders: '${batch}'`, { cause: new natsErrors.NoRespondersError(batch) }),
      new natsErrors.ConnectionError('connection refused'),
      new natsErrors.ClosedConnectionError(),
      'There is no matching message handler defined in the remote service.',
      new Error(
        `Empty response. There are no subscribers listening to that message ("${Subjects.health.ping('feature-service')}")`,
      ),
      new Error('503'),
      new Error('no responders available'),
      new Error('CONNECTION_REFUSED'),
    ]) {
      const r = rpcFailure(batch, err);
      expect(r).toMatchObject({ unexpected: false, error: { code: ErrorCode.ServiceUnavailable } });
    }
  });

  it('hides anything else behind an internal error, flagged for the log', () => {
    expect(rpcFailure(Subjects.users.get, new Error('boom'))).toMatchObject({
      unexpected: true,
      error: { code: ErrorCode.Internal, message: 'internal error' },
    });
  });
});
