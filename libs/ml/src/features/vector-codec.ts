/**
 * A feature batch's vectors as ONE Float32Array, the width of a vector apart: vector 2i is
 * item i's forward one (the viewer judging the candidate), 2i + 1 its backward one (the
 * candidate judging the viewer). The feature store writes them there directly, and the array
 * travels over NATS as its bytes (libs/common rpc-wire.ts). As 200 JSON arrays, then as 200
 * strings, then as one base64 string, encoding, parsing and garbage had been a tenth of both
 * services' CPU; and every typed array over 64 bytes lives outside V8's heap, where 200 small
 * ones per request made V8 collect early for "external memory pressure".
 */

/** Vectors of one width, back to back in one array (tests and tools; the store writes in place). */
export function packVectors(vectors: readonly Float32Array[], width: number): Float32Array {
  const all = new Float32Array(vectors.length * width);
  vectors.forEach((v, i) => {
    if (v.length !== width) throw new Error(`vector ${i} has ${v.length} values, not ${width}`);
    all.set(v, i * width);
  });
  return all;
}

/** A feature batch's vectors by direction: views into `all`, no copies. */
export function pairVectors(
  all: Float32Array,
  items: number,
  width: number,
): { forward: Float32Array[]; backward: Float32Array[] } {
  if (width <= 0 || all.length !== 2 * items * width)
    throw new Error(`a batch of ${items} items of width ${width} needs ${2 * items * width} values, got ${all.length}`);
  const forward: Float32Array[] = [];
  const backward: Float32Array[] = [];
  for (let i = 0; i < items; i++) {
    forward.push(all.subarray(2 * i * width, (2 * i + 1) * width));
    backward.push(all.subarray((2 * i + 1) * width, (2 * i + 2) * width));
  }
  return { forward, backward };
}
