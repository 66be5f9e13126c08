import { type EmbeddingModel, withoutUsers } from './model';
import {
  deserializeEmbeddings,
  EMBEDDING_FORMAT_VERSION,
  EMBEDDING_HEADER_BYTES,
  serializeEmbeddings,
  userIdsSection,
} from './serialize';

function model(withIds: boolean): EmbeddingModel {
  // 3 users x dim 3: odd sizes exercise the 8-byte section padding.
  const m: EmbeddingModel = {
    dim: 3,
    taste: Float32Array.from([0.1, -0.2, 0.3, 1, 2, 3, -1.5, 0, 7]),
    appeal: Float32Array.from([9, 8, 7, 6, 5, 4, 3, 2, 1]),
    appealBias: Float32Array.from([0.5, -0.25, 0.125]),
  };
  if (withIds) m.userIds = Float64Array.from([10, 2 ** 40 + 1, 7]);
  return m;
}

describe('serializeEmbeddings / deserializeEmbeddings', () => {
  it('round-trips every array exactly, with and without user ids', () => {
    for (const withIds of [false, true]) {
      const original = model(withIds);
      const back = deserializeEmbeddings(serializeEmbeddings(original));
      expect(back.dim).toBe(3);
      expect(Array.from(back.taste)).toEqual(Array.from(original.taste));
      expect(Array.from(back.appeal)).toEqual(Array.from(original.appeal));
      expect(Array.from(back.appealBias)).toEqual(Array.from(original.appealBias));
      expect(back.userIds ? Array.from(back.userIds) : null).toEqual(
        original.userIds ? Array.from(original.userIds) : null,
      );
    }
  });

  it('writes the versioned header', () => {
    const buf = serializeEmbeddings(model(false));
    expect(buf.toString('ascii', 0, 4)).toBe('EMBT');
    expect(buf.readUInt32LE(4)).toBe(EMBEDDING_FORMAT_VERSION);
    expect(buf.readUInt32LE(8)).toBe(3);
    expect(buf.readUInt32LE(12)).toBe(3);
  });

  it('reads from an unaligned buffer slice', () => {
    const buf = serializeEmbeddings(model(true));
    const shifted = Buffer.alloc(buf.length + 1);
    buf.copy(shifted, 1);
    expect(Array.from(deserializeEmbeddings(shifted.subarray(1)).appeal)).toEqual(Array.from(model(true).appeal));
  });

  it('refuses bad magic, another version and truncated data', () => {
    const buf = serializeEmbeddings(model(false));
    const badMagic = Buffer.from(buf);
    badMagic.write('NOPE', 0, 'ascii');
    expect(() => deserializeEmbeddings(badMagic)).toThrow(/bad magic/);
    const badVersion = Buffer.from(buf);
    badVersion.writeUInt32LE(99, 4);
    expect(() => deserializeEmbeddings(badVersion)).toThrow(/version 99/);
    expect(() => deserializeEmbeddings(buf.subarray(0, buf.length - 4))).toThrow(/expected/);
  });

  it('refuses to write inconsistent arrays', () => {
    const m = model(false);
    m.appeal = m.appeal.subarray(0, 6);
    expect(() => serializeEmbeddings(m)).toThrow(/sizes/);
  });

  it('locates the user ids from the header alone, and none in an artifact without them', () => {
    const buf = serializeEmbeddings(model(true));
    const at = userIdsSection(buf.subarray(0, EMBEDDING_HEADER_BYTES))!;
    expect(at.offset + at.length).toBe(buf.length);
    const ids = new Float64Array(3);
    Buffer.from(ids.buffer).set(buf.subarray(at.offset, at.offset + at.length));
    expect(Array.from(ids)).toEqual([10, 2 ** 40 + 1, 7]);
    expect(userIdsSection(serializeEmbeddings(model(false)).subarray(0, EMBEDDING_HEADER_BYTES))).toBeNull();
  });
});

describe('withoutUsers', () => {
  it('drops exactly the rows of the given users, and returns the model itself when it holds none', () => {
    const m = model(true);
    const out = withoutUsers(m, new Set([10, 99]));
    expect(Array.from(out.userIds!)).toEqual([2 ** 40 + 1, 7]);
    expect(Array.from(out.taste)).toEqual([1, 2, 3, -1.5, 0, 7]);
    expect(Array.from(out.appeal)).toEqual([6, 5, 4, 3, 2, 1]);
    expect(Array.from(out.appealBias)).toEqual([-0.25, 0.125]);
    expect(deserializeEmbeddings(serializeEmbeddings(out)).userIds!.length).toBe(2);
    expect(withoutUsers(m, new Set([99]))).toBe(m);
  });
});
