/**
 * Helpers shared by the ANN backends: argument checks (one wording for every backend, so the
 * contract test can match the messages) and the versioned envelope that
 * every saved index is wrapped in.
 */
import type { AnnBackend, VectorBatch } from './ann-index';

/** Largest accepted id: ids are stored as uint32 (hnswlib labels and our id arrays). */
export const MAX_ANN_ID = 0xffffffff;

/** Throws unless `dim` is a usable vector dimension. */
export function assertDimension(dim: number): void {
  if (!Number.isInteger(dim) || dim < 1) throw new Error(`ANN index dimension must be a positive integer, got ${dim}`);
}

/** Throws unless `id` is an integer in 1..2^32-1 (user ids; 0 marks a free row internally). */
export function assertId(id: number): void {
  if (!Number.isInteger(id) || id < 1 || id > MAX_ANN_ID) {
    throw new Error(`ANN ids must be integers in 1..${MAX_ANN_ID}, got ${id}`);
  }
}

/** Throws unless `v` is a Float32Array of length `dim` holding finite numbers. */
export function assertVector(v: Float32Array, dim: number, what = 'vector'): void {
  if (!(v instanceof Float32Array)) throw new Error(`ANN ${what} must be a Float32Array`);
  if (v.length !== dim) throw new Error(`ANN ${what} has dimension ${v.length}, index dimension is ${dim}`);
  // A NaN would silently corrupt an HNSW graph (every comparison false), so refuse it here.
  for (let j = 0; j < dim; j++) {
    if (!Number.isFinite(v[j])) throw new Error(`ANN ${what} has a non-finite value at ${j}`);
  }
}

/** Throws unless `k` is a non-negative integer. */
export function assertK(k: number): void {
  if (!Number.isInteger(k) || k < 0) throw new Error(`ANN k must be a non-negative integer, got ${k}`);
}

/**
 * Copies a batch of vectors into one row-major Float32Array (never aliasing the caller's
 * memory), checking dimension, finiteness and that there is one vector per id.
 */
export function toMatrix(ids: ArrayLike<number>, vectors: VectorBatch, dim: number): Float32Array {
  const n = ids.length;
  let out: Float32Array;
  if (vectors instanceof Float32Array) {
    if (vectors.length !== n * dim) {
      throw new Error(`ANN vectors hold ${vectors.length} floats, expected ${n} ids x dimension ${dim} = ${n * dim}`);
    }
    out = new Float32Array(vectors);
  } else {
    if (vectors.length !== n) throw new Error(`ANN got ${vectors.length} vectors for ${n} ids`);
    out = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) {
      const v = vectors[i];
      if (v.length !== dim) throw new Error(`ANN vector ${i} has dimension ${v.length}, index dimension is ${dim}`);
      out.set(v, i * dim);
    }
  }
  for (let i = 0; i < out.length; i++) {
    if (!Number.isFinite(out[i])) throw new Error(`ANN vector ${Math.floor(i / dim)} has a non-finite value`);
  }
  for (let i = 0; i < n; i++) assertId(ids[i]);
  return out;
}

/** Throws if `ids` repeats an id (build() takes a set; upserts may repeat, last one wins). */
export function assertUniqueIds(ids: ArrayLike<number>): void {
  const seen = new Set<number>();
  for (let i = 0; i < ids.length; i++) {
    if (seen.has(ids[i])) throw new Error(`ANN build got id ${ids[i]} twice`);
    seen.add(ids[i]);
  }
}

/** Splits a batch of queries into Float32Array rows (views, no copy). */
export function queryRows(queries: VectorBatch, dim: number): Float32Array[] {
  if (!(queries instanceof Float32Array)) return [...queries];
  if (queries.length % dim !== 0) {
    throw new Error(`ANN queries hold ${queries.length} floats, not a multiple of dimension ${dim}`);
  }
  const rows: Float32Array[] = [];
  for (let i = 0; i < queries.length; i += dim) rows.push(queries.subarray(i, i + dim));
  return rows;
}

/** Squared Euclidean length. */
export function squaredNorm(v: ArrayLike<number>, from = 0, dim = v.length): number {
  let s = 0;
  for (let j = 0; j < dim; j++) s += v[from + j] * v[from + j];
  return s;
}

/** What a saved index holds: which backend, its dimension, small metadata and binary sections. */
export interface Envelope {
  backend: AnnBackend;
  dim: number;
  meta: Record<string, unknown>;
  sections: Buffer[];
}

const MAGIC = 'ANNX';
/** Bump when the layout of the envelope or of a backend's sections changes. */
export const ENVELOPE_VERSION = 1;

/**
 * Serialises an envelope: "ANNX", u32 version, u32 header length, JSON header, then the
 * sections back to back (their lengths are in the header). Numbers are little-endian, as are
 * the typed arrays copied into sections (every platform we deploy on is little-endian).
 */
export function encodeEnvelope(e: Envelope): Buffer {
  const header = Buffer.from(
    JSON.stringify({ backend: e.backend, dim: e.dim, meta: e.meta, sections: e.sections.map((s) => s.length) }),
    'utf8',
  );
  const prefix = Buffer.alloc(12);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(ENVELOPE_VERSION, 4);
  prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, ...e.sections]);
}

/** Parses what encodeEnvelope wrote, with a clear error for foreign or newer files. */
export function decodeEnvelope(buf: Buffer): Envelope {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== MAGIC) throw new Error('Not an ANN index artifact');
  const version = buf.readUInt32LE(4);
  if (version !== ENVELOPE_VERSION) {
    throw new Error(`ANN index artifact has format version ${version}, this code reads ${ENVELOPE_VERSION}`);
  }
  const headerLen = buf.readUInt32LE(8);
  const header = JSON.parse(buf.toString('utf8', 12, 12 + headerLen)) as {
    backend: AnnBackend;
    dim: number;
    meta: Record<string, unknown>;
    sections: number[];
  };
  let at = 12 + headerLen;
  const sections = header.sections.map((len) => {
    const s = buf.subarray(at, at + len);
    at += len;
    return s;
  });
  if (at !== buf.length) throw new Error('ANN index artifact is truncated or has trailing bytes');
  return { backend: header.backend, dim: header.dim, meta: header.meta, sections };
}

/** The bytes of a typed array, as a Buffer sharing its memory. */
export function bytesOf(a: Float32Array | Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** A Float32Array copied out of a section (copying also fixes alignment). */
export function float32Of(b: Buffer): Float32Array {
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** A Uint32Array copied out of a section. */
export function uint32Of(b: Buffer): Uint32Array {
  return new Uint32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}
