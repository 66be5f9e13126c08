/**
 * Feature vectors on the wire: base64 of their float32 bytes, little-endian (every platform
 * Node runs on is). The feature store sends two vectors per candidate, 200 per request, as ONE
 * string: as JSON numbers they took most of the time spent encoding and parsing the reply on
 * both sides, and as one string each, 200 allocations and decodes per request.
 */

/** base64 of `v`'s float32 values. */
export function encodeVector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

/**
 * The float32 values of an encoded vector, decoded straight into their own aligned array: one
 * allocation outside V8's heap instead of a Buffer and a copy. The ranking service decodes 26 KB
 * a request, and memory outside the heap is what made V8 collect early ("external memory
 * pressure" in --trace-gc: a scavenge every 0.3 s and a full collection every 1–2 s at 300
 * requests/s, pauses of 5–20 ms each).
 */
export function decodeVector(encoded: string): Float32Array {
  const length = Buffer.byteLength(encoded, 'base64');
  if (length % 4 !== 0) throw new Error(`encoded vector has ${length} bytes, not a multiple of 4`);
  const out = new Float32Array(length / 4);
  const written = Buffer.from(out.buffer, out.byteOffset, out.byteLength).write(encoded, 'base64');
  if (written !== length) throw new Error(`encoded vector decodes to ${written} bytes, expected ${length}`);
  return out;
}

/** Vectors of one width, back to back in one encoded string. */
export function encodeVectors(vectors: readonly Float32Array[], width: number): string {
  const all = new Float32Array(vectors.length * width);
  vectors.forEach((v, i) => {
    if (v.length !== width) throw new Error(`vector ${i} has ${v.length} values, not ${width}`);
    all.set(v, i * width);
  });
  return encodeVector(all);
}

/** The vectors of encodeVectors: views into one aligned copy. */
export function decodeVectors(encoded: string, width: number): Float32Array[] {
  const all = decodeVector(encoded);
  if (width <= 0 || all.length % width !== 0) throw new Error(`encoded vectors hold ${all.length} values, not a multiple of ${width}`);
  return Array.from({ length: all.length / width }, (_, i) => all.subarray(i * width, (i + 1) * width));
}

/**
 * A feature batch's vectors by direction: item i's forward vector (the viewer judging the
 * candidate) is vector 2i, its backward one (the candidate judging the viewer) vector 2i + 1.
 */
export function decodePairVectors(encoded: string, items: number, width: number): { forward: Float32Array[]; backward: Float32Array[] } {
  const all = decodeVectors(encoded, width);
  if (all.length !== 2 * items) throw new Error(`encoded vectors hold ${all.length} vectors for ${items} items, not two each`);
  return { forward: all.filter((_, i) => i % 2 === 0), backward: all.filter((_, i) => i % 2 === 1) };
}
