import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { loadDotEnv } from '@app/common/config/load-config';
import { DEFAULT_DATABASE_URL } from '@app/db/data-source';
import { findRepoRoot, generateMarket } from '@app/offline/market/generate';
import { importMarket } from '../import/import-market';

const DEMO_USERS = Number(process.env.DEMO_USERS ?? 2000);
const DEMO_SEED = 7;

/** `npm start` step: fills an empty database with a generated demo market (skipped when users exist). */
async function main(): Promise<void> {
  loadDotEnv();
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const { rows } = await db.query('SELECT count(*)::int AS n FROM users');
  await db.end();
  if (rows[0].n > 0 || DEMO_USERS === 0) {
    console.log(`demo data: skipped (${rows[0].n} users already in the database)`);
    return;
  }
  const outDir = join(findRepoRoot(), 'var', 'demo');
  mkdirSync(outDir, { recursive: true });
  console.log(`demo data: generating a ${DEMO_USERS}-user market (seed ${DEMO_SEED}) from the OkCupid profiles...`);
  const market = await generateMarket({ users: DEMO_USERS, seed: DEMO_SEED, outDir });
  const result = await importMarket({
    databaseUrl,
    usersFile: market.files.users,
    interactionsFile: market.files.interactions,
  });
  console.log(
    `demo data: imported ${result.users.inserted} users and ${result.interactions.inserted} interactions in ${result.seconds.toFixed(1)} s`,
  );
}

main().catch((err: Error) => {
  console.error(`demo data could not be loaded: ${err.message}`);
  process.exit(1);
});
