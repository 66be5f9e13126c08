import { DomainError, ErrorCode } from '@app/contracts';
import { decodeRpcReply, encodeRpcRequest } from './rpc-wire';

describe('the Nest NATS wire format', () => {
  it('sends the subject as the pattern, the payload as data, and an id that marks a request', () => {
    expect(JSON.parse(encodeRpcRequest('features.batch', { viewer_id: 7, candidate_ids: [1, 2] }, '42'))).toEqual({
      pattern: 'features.batch',
      data: { viewer_id: 7, candidate_ids: [1, 2] },
      id: '42',
    });
  });

  it("reads the handler's response from the reply", () => {
    expect(decodeRpcReply(JSON.stringify({ id: '42', response: { items: [3] }, isDisposed: true }))).toEqual({ items: [3] });
    expect(decodeRpcReply(JSON.stringify({ id: '42', response: null, isDisposed: true }))).toBeNull();
  });

  it("throws the handler's error payload as it came, so the caller maps its code", () => {
    const err = { code: ErrorCode.NotFound, message: 'user 7 not found', details: [] };
    expect(() => decodeRpcReply(JSON.stringify({ id: '42', err, isDisposed: true }))).toThrow(expect.objectContaining(err));
    let thrown: unknown;
    try {
      decodeRpcReply(JSON.stringify({ id: '1', status: 'error', err: 'There is no matching message handler defined in the remote service.' }));
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe('There is no matching message handler defined in the remote service.');
    expect(thrown).not.toBeInstanceOf(DomainError);
  });

  it('refuses a body that is not a reply packet', () => {
    expect(() => decodeRpcReply('not json')).toThrow('unreadable RPC reply: not json');
    expect(() => decodeRpcReply('null')).toThrow('unreadable RPC reply');
  });
});
