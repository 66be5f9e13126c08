import { DomainError, ErrorCode, Subjects } from '@app/contracts';
import { decodeRpcReply, encodeRpcReply, encodeRpcRequest } from './rpc-wire';

describe('the Nest NATS wire format', () => {
  it('sends the subject as the pattern, the payload as data, and an id that marks a request', () => {
    expect(
      JSON.parse(encodeRpcRequest(Subjects.features.batch, { viewer_id: 7, candidate_ids: [1, 2] }, '42')),
    ).toEqual({
      pattern: Subjects.features.batch,
      data: { viewer_id: 7, candidate_ids: [1, 2] },
      id: '42',
    });
  });

  it("reads the handler's response from the reply", () => {
    expect(decodeRpcReply(JSON.stringify({ id: '42', response: { items: [3] }, isDisposed: true }))).toEqual({
      items: [3],
    });
    expect(decodeRpcReply(JSON.stringify({ id: '42', response: null, isDisposed: true }))).toBeNull();
  });

  it("throws the handler's error payload as it came, so the caller maps its code", () => {
    const err = { code: ErrorCode.NotFound, message: 'user 7 not found', details: [] };
    expect(() => decodeRpcReply(JSON.stringify({ id: '42', err, isDisposed: true }))).toThrow(
      expect.objectContaining(err),
    );
    let thrown: unknown;
    try {
      decodeRpcReply(
        JSON.stringify({
          id: '1',
          status: 'error',
          err: 'There is no matching message handler defined in the remote service.',
        }),
      );
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe('There is no matching message handler defined in the remote service.');
    expect(thrown).not.toBeInstanceOf(DomainError);
  });

  it('sends a response as the JSON Nest writes when it holds no Float32Array', () => {
    const packet = { response: { items: [1], vectors: [0.5] }, isDisposed: true, id: '3' };
    expect(encodeRpcReply(packet)).toEqual({ body: JSON.stringify(packet), jsonBytes: null });
    expect(encodeRpcReply({ err: { code: ErrorCode.NotFound }, isDisposed: true, id: '4' }).jsonBytes).toBeNull();
    expect(encodeRpcReply({ response: [new Float32Array(2)], id: '5' }).jsonBytes).toBeNull();
  });

  it("carries a response's Float32Array fields as bytes after the JSON, and back, exactly", () => {
    const vectors = new Float32Array([0, 1.5, -2.25, 3.4028234663852886e38, 1e-7, NaN]).subarray(1);
    const second = new Float32Array([7, 8]);
    const { body, jsonBytes } = encodeRpcReply({
      response: { items: [{ id: 2 }], vectors, second, name: 'batch' },
      isDisposed: true,
      id: '6',
    });
    expect(body).toBeInstanceOf(Uint8Array);
    expect((body as Uint8Array).length).toBe(jsonBytes! + 4 * (vectors.length + second.length));
    const back = decodeRpcReply<{ items: unknown[]; vectors: Float32Array; second: Float32Array; name: string }>(
      body,
      String(jsonBytes),
    );
    expect(back.items).toEqual([{ id: 2 }]);
    expect(back.name).toBe('batch');
    expect(back.vectors).toBeInstanceOf(Float32Array);
    expect(Array.from(back.vectors)).toEqual(Array.from(vectors));
    expect(Array.from(back.second)).toEqual([7, 8]);
  });

  it('refuses a binary reply whose lengths do not add up', () => {
    const { body, jsonBytes } = encodeRpcReply({ response: { vectors: new Float32Array(4) }, id: '7' });
    const cut = (body as Uint8Array).subarray(0, jsonBytes! + 8);
    expect(() => decodeRpcReply(cut, String(jsonBytes))).toThrow(
      'unreadable RPC reply: float32 field vectors outside the 8 bytes sent',
    );
    expect(() => decodeRpcReply(body, '999999')).toThrow(/unreadable RPC reply: Rpc-Json-Bytes 999999/);
    expect(() => decodeRpcReply(body, 'x')).toThrow(/unreadable RPC reply/);
  });

  it('refuses a body that is not a reply packet', () => {
    expect(() => decodeRpcReply('not json')).toThrow('unreadable RPC reply: not json');
    expect(() => decodeRpcReply('null')).toThrow('unreadable RPC reply');
  });
});
