/**
 * The pairs whose swipes the pre-slice embedding model does not learn from, so that the ranker's
 * rows for them get honest embedding scores (fit-models.ts). Chosen by a hash of the pair and a
 * seed, not by drawing in order: the embeddings step and the ranker step must agree on them
 * without passing a set between them, whatever order the swipes come in.
 */

/** Share of pairs left out of the pre-slice embedding model for the ranker's embedding features. */
export const RANKER_EMBEDDING_ROWS = 0.1;

/** A seeded hash of an ordered pair in [0, 1) (32-bit integer mixing, as in murmur3's finaliser). */
function pairUnit(actor: number, target: number, seed: number): number {
  let h =
    (Math.imul(actor | 0, 0x9e3779b1) ^ Math.imul(target | 0, 0x85ebca6b) ^ Math.imul(seed | 0, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  h = (h ^ (h >>> 16)) >>> 0;
  return h / 4_294_967_296;
}

/** Whether (actor, target) is left out of the pre-slice embedding model (a share `fraction` of pairs). */
export type LeftOut = (actor: number, target: number) => boolean;

export function leftOutPairs(fraction: number, seed: number): LeftOut {
  return (actor, target) => fraction > 0 && pairUnit(actor, target, seed) < fraction;
}
