/**
 * Feature vectors on the wire: base64 of their float32 bytes, little-endian. The feature store
 * sends two vectors per candidate, 200 per request; as JSON numbers they took most of the time
 * spent encoding and parsing the reply on both sides, and twice the bytes.
 */

/** base64 of `v`'s float32 values, little-endian (every platform Node runs on is). */
export function encodeVector(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
}

/** The float32 values of an encoded vector (a copy, aligned). */
export function decodeVector(encoded: string): Float32Array {
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length % 4 !== 0) throw new Error(`encoded vector has ${bytes.length} bytes, not a multiple of 4`);
  const out = new Float32Array(bytes.length / 4);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}
