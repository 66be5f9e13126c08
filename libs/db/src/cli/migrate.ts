import { DEFAULT_DATABASE_URL } from '../data-source';
import { migrate } from '../database';

/** `npm run migrate`: creates the database if needed and applies pending migrations. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const applied = await migrate(url);
  const where = new URL(url);
  where.password = '';
  console.log(
    applied.length
      ? `migrated ${where.host}${where.pathname}: ${applied.join(', ')}`
      : `database ${where.host}${where.pathname} is up to date`,
  );
}

main().catch((err: Error) => {
  console.error(`migration failed: ${err.message}`);
  process.exit(1);
});
