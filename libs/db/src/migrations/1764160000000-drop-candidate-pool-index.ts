import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidate generation no longer queries users: it scans the in-memory profile table
 * (libs/ml/src/candidates/profile-table.ts). No other query filters users by latitude or
 * longitude, so the index of CandidatePoolIndex1764150000000 only cost every profile write.
 */
export class DropCandidatePoolIndex1764160000000 implements MigrationInterface {
  name = 'DropCandidatePoolIndex1764160000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS users_active_gender_geo_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX users_active_gender_geo_idx ON users (gender, latitude, longitude) WHERE is_active`);
  }
}
