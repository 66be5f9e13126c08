/**
 * Reads what training needs from PostgreSQL with plain `pg` (it runs in the pipeline worker, with
 * no Nest): one connection for the TrainingDataRepository's snapshot. Imports are relative, as
 * everywhere in the worker (see pipeline.worker.ts).
 */
import { Client } from 'pg';
import type { TrainingData } from '../../../../libs/ml/src/training';
import { TrainingDataRepository } from '../../../../libs/db/src/repositories/training-data.repository';

export async function loadTrainingData(databaseUrl: string, maxInteractionId: number): Promise<TrainingData> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await new TrainingDataRepository(db).readSnapshot(maxInteractionId);
  } finally {
    await db.end();
  }
}
