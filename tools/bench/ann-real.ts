/**
 * The ANN index on the vectors the product really serves: the active embeddings version in the
 * bench database's model registry, laid out exactly as the candidate-service indexes them
 * (apps/candidate-service/src/index/embedding-snapshot.ts, indexRows): each row is
 * [appeal, bias] and each query [taste, 1], so the inner product is the model's logit. The
 * layout is repeated here rather than imported because that service is being reworked, and a
 * benchmark should not break with its internals. Synthetic vectors stand in when no model exists.
 */
import { clusteredVectors } from '@app/ml/ann/synthetic';
import { deserializeEmbeddings } from '@app/ml/embeddings/serialize';
import type { EmbeddingModel } from '@app/ml/embeddings/model';
import { measureBackends, type AnnRow } from './ann-measure';
import { withClient } from './database';
import { sample } from './viewers';

export interface AnnResult {
  source: string;
  n: number;
  dim: number;
  queries: number;
  k: number;
  rows: AnnRow[];
  notes: string[];
}

/** Index rows and queries of `model` for `queries` users sampled with `seed`. */
export function modelVectors(
  model: EmbeddingModel,
  queries: number,
  seed: number,
): { ids: Uint32Array; X: Float32Array; Q: Float32Array; dim: number; queries: number } {
  if (!model.userIds) throw new Error('embeddings artifact has no user ids');
  const n = model.appealBias.length;
  const d = model.dim;
  const dim = d + 1;
  const X = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    X.set(model.appeal.subarray(i * d, (i + 1) * d), i * dim);
    X[i * dim + d] = model.appealBias[i];
  }
  const rowsOfQueries = sample(
    Array.from({ length: n }, (_, i) => i),
    queries,
    seed,
  );
  const Q = new Float32Array(rowsOfQueries.length * dim);
  rowsOfQueries.forEach((r, q) => {
    Q.set(model.taste.subarray(r * d, (r + 1) * d), q * dim);
    Q[q * dim + d] = 1;
  });
  return { ids: Uint32Array.from(model.userIds), X, Q, dim, queries: rowsOfQueries.length };
}

export async function runAnn(
  databaseUrl: string,
  opts: { queries: number; k: number; backends: string[]; seed: number; fallbackUsers: number },
  log: (m: string) => void,
): Promise<AnnResult> {
  const found = await withClient(databaseUrl, async (c) => {
    const { rows } = await c.query<{ version: number; artifact: Buffer | null }>(
      `SELECT version, artifact FROM model_versions WHERE kind = 'embeddings' AND status = 'active'`,
    );
    return rows[0] ?? null;
  });
  let source: string;
  let input: ReturnType<typeof modelVectors>;
  if (found?.artifact) {
    const model = deserializeEmbeddings(found.artifact);
    input = modelVectors(model, opts.queries, opts.seed);
    source = `embeddings v${found.version} from the registry (appeal+bias rows, taste+1 queries)`;
  } else {
    // No trained model (e.g. --skip-train on an empty registry failed to train): the same shapes, synthetic.
    const n = opts.fallbackUsers;
    const dim = 65;
    input = {
      ids: Uint32Array.from({ length: n }, (_, i) => i + 1),
      X: clusteredVectors(n, dim, { seed: opts.seed }),
      Q: clusteredVectors(opts.queries, dim, { seed: opts.seed + 1, centreSeed: opts.seed }),
      dim,
      queries: opts.queries,
    };
    source = 'synthetic clustered vectors (no active embeddings model)';
  }
  const k = Math.min(opts.k, input.ids.length);
  log(
    `ANN on ${source}: n=${input.ids.length.toLocaleString('en-US')}, dim=${input.dim}, ${input.queries} queries, k=${k}`,
  );
  const { rows, notes } = measureBackends({ ...input, k, backends: opts.backends }, log);
  return { source, n: input.ids.length, dim: input.dim, queries: input.queries, k, rows, notes };
}
