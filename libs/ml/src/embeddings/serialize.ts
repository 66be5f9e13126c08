/**
 * Binary artifact of an embedding model: a 24-byte little-endian header, then the arrays.
 *
 *   0  magic "EMBT"        4  u32 format version (1)   8  u32 dim   12 u32 nUsers
 *   16 u32 flags (bit 0: user ids follow)               20 u32 reserved (0)
 *   24 taste f32[n*dim], appeal f32[n*dim], appealBias f32[n], then userIds f64[n] if flagged
 *
 * Every section starts at a multiple of 8 bytes from the header, so a reader can map the arrays
 * without copying when the buffer itself is aligned.
 */
import { endianness } from 'os';
import type { EmbeddingModel } from './model';

// Typed arrays are copied byte for byte, which is little-endian only on little-endian hosts
// (every platform this runs on); refuse loudly rather than write a silently wrong artifact.
if (endianness() !== 'LE') throw new Error('embedding artifacts need a little-endian host');

const MAGIC = 'EMBT';
export const EMBEDDING_FORMAT_VERSION = 1;
const HEADER_BYTES = 24;
const FLAG_USER_IDS = 1;

function pad8(n: number): number {
  return (n + 7) & ~7;
}

/** Writes the model (and its user ids, when present) into one Buffer. */
export function serializeEmbeddings(model: EmbeddingModel): Buffer {
  const n = model.appealBias.length;
  const d = model.dim;
  if (model.taste.length !== n * d || model.appeal.length !== n * d)
    throw new Error('embedding model: array sizes do not match dim and user count');
  if (model.userIds && model.userIds.length !== n)
    throw new Error('embedding model: userIds length does not match the user count');
  const matBytes = pad8(n * d * 4);
  const biasBytes = pad8(n * 4);
  const idBytes = model.userIds ? n * 8 : 0;
  const buf = Buffer.alloc(HEADER_BYTES + 2 * matBytes + biasBytes + idBytes);
  buf.write(MAGIC, 0, 'ascii');
  buf.writeUInt32LE(EMBEDDING_FORMAT_VERSION, 4);
  buf.writeUInt32LE(d, 8);
  buf.writeUInt32LE(n, 12);
  buf.writeUInt32LE(model.userIds ? FLAG_USER_IDS : 0, 16);
  let o = HEADER_BYTES;
  for (const arr of [model.taste, model.appeal]) {
    Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength).copy(buf, o);
    o += matBytes;
  }
  Buffer.from(model.appealBias.buffer, model.appealBias.byteOffset, model.appealBias.byteLength).copy(buf, o);
  o += biasBytes;
  if (model.userIds) Buffer.from(model.userIds.buffer, model.userIds.byteOffset, model.userIds.byteLength).copy(buf, o);
  return buf;
}

/** Bytes an artifact's header takes: what `userIdsSection` reads. */
export const EMBEDDING_HEADER_BYTES = HEADER_BYTES;

/**
 * Where an artifact's user ids lie (byte offset and length), from its header alone, so a reader
 * can fetch them without the vectors (megabytes); null when the artifact carries no ids.
 */
export function userIdsSection(header: Buffer): { offset: number; length: number } | null {
  if (header.length < HEADER_BYTES || header.toString('ascii', 0, 4) !== MAGIC)
    throw new Error('not an embedding artifact (bad magic)');
  if ((header.readUInt32LE(16) & FLAG_USER_IDS) === 0) return null;
  const d = header.readUInt32LE(8);
  const n = header.readUInt32LE(12);
  return { offset: HEADER_BYTES + 2 * pad8(n * d * 4) + pad8(n * 4), length: n * 8 };
}

/** Reads a buffer written by `serializeEmbeddings`, refusing unknown formats and truncation. */
export function deserializeEmbeddings(buf: Buffer): EmbeddingModel {
  if (buf.length < HEADER_BYTES || buf.toString('ascii', 0, 4) !== MAGIC)
    throw new Error('not an embedding artifact (bad magic)');
  const version = buf.readUInt32LE(4);
  if (version !== EMBEDDING_FORMAT_VERSION) throw new Error(`unsupported embedding format version ${version}`);
  const d = buf.readUInt32LE(8);
  const n = buf.readUInt32LE(12);
  const hasIds = (buf.readUInt32LE(16) & FLAG_USER_IDS) !== 0;
  const matBytes = pad8(n * d * 4);
  const biasBytes = pad8(n * 4);
  const expected = HEADER_BYTES + 2 * matBytes + biasBytes + (hasIds ? n * 8 : 0);
  if (buf.length !== expected) throw new Error(`embedding artifact has ${buf.length} bytes, expected ${expected}`);
  // Copy out: a Buffer from the pool or a file read need not be 4- or 8-byte aligned.
  const f32 = (offset: number, count: number): Float32Array => {
    const out = new Float32Array(count);
    Buffer.from(out.buffer).set(buf.subarray(offset, offset + count * 4));
    return out;
  };
  let o = HEADER_BYTES;
  const taste = f32(o, n * d);
  o += matBytes;
  const appeal = f32(o, n * d);
  o += matBytes;
  const appealBias = f32(o, n);
  o += biasBytes;
  const model: EmbeddingModel = { dim: d, taste, appeal, appealBias };
  if (hasIds) {
    const ids = new Float64Array(n);
    Buffer.from(ids.buffer).set(buf.subarray(o, o + n * 8));
    model.userIds = ids;
  }
  return model;
}
