/**
 * Reads what training needs from PostgreSQL with plain `pg` (it runs in the training worker, with
 * no Nest): one connection for the TrainingDataRepository's snapshot.
 */
import { Client } from 'pg';
import type { TrainingData } from '@app/ml/training';
import { TrainingDataRepository } from '@app/db/repositories/training-data.repository';

export async function loadTrainingData(databaseUrl: string, maxInteractionId: number): Promise<TrainingData> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await new TrainingDataRepository(db).readSnapshot(maxInteractionId);
  } finally {
    await db.end();
  }
}
