/**
 * Embedding scores of pairs by user id (the feature store's, and the offline pipeline's). The artifact addresses users
 * by dense index; its
 * `userIds` map them back. Users the model has not seen get no score (emb_known = 0), exactly as
 * offline, rather than an invented one.
 */
import { eraseRow, scorePair, type EmbeddingModel } from './model';
import { deserializeEmbeddings } from './serialize';

export interface EmbeddingLookup {
  model: EmbeddingModel;
  index: Map<number, number>;
}

export function parseEmbeddingArtifact(artifact: Buffer): EmbeddingLookup {
  return embeddingLookup(deserializeEmbeddings(artifact));
}

/** A trained model (with its user ids) as a lookup by user id. */
export function embeddingLookup(model: EmbeddingModel): EmbeddingLookup {
  if (!model.userIds) throw new Error('embedding artifact carries no user ids: cannot map users to vectors');
  const index = new Map<number, number>();
  model.userIds.forEach((id, i) => index.set(id, i));
  return { model, index };
}

/** Logits u→v and v→u, or null when either user is unknown to the model. */
export function pairScores(
  lookup: EmbeddingLookup | null,
  u: number,
  v: number,
): { forward: number; backward: number } | null {
  if (!lookup) return null;
  const iu = lookup.index.get(u);
  const iv = lookup.index.get(v);
  if (iu === undefined || iv === undefined) return null;
  return { forward: scorePair(lookup.model, iu, iv), backward: scorePair(lookup.model, iv, iu) };
}

/** Erases a deleted user from a loaded lookup (their row zeroed, their id unmapped); false if absent. */
export function forgetUser(lookup: EmbeddingLookup, userId: number): boolean {
  const row = lookup.index.get(userId);
  if (row === undefined) return false;
  lookup.index.delete(userId);
  eraseRow(lookup.model, row);
  return true;
}
