import { loadDotEnv } from '@app/common/config/load-config';
import { DEFAULT_DATABASE_URL } from '@app/db/data-source';
import { importMarket } from './import-market';
import { InputError, InputErrors } from './line-reader';
import { parseFlags, UsageError } from '../cli/flags';

const USAGE =
  'usage: npm run import -- [--users <users.jsonl>] [--interactions <interactions.csv>]   (DATABASE_URL selects the database)';

/** Reads the two file options; throws UsageError when neither or something unknown is given. */
export function parseImportArgs(argv: string[]): { users?: string; interactions?: string } {
  const flags = parseFlags(argv, { values: ['users', 'interactions'] });
  const out = { users: flags.get('users'), interactions: flags.get('interactions') };
  if (!out.users && !out.interactions) throw new UsageError('give --users and/or --interactions');
  return out;
}

async function main(): Promise<void> {
  loadDotEnv();
  const args = parseImportArgs(process.argv.slice(2));
  const result = await importMarket({
    databaseUrl: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    usersFile: args.users,
    interactionsFile: args.interactions,
    onProgress: (m) => process.stderr.write(`${m}\n`),
  });
  const rate = Math.round(result.interactions.read / Math.max(result.seconds, 0.001));
  console.log(
    `imported in ${result.seconds.toFixed(1)} s: users ${result.users.inserted}/${result.users.read} new, ` +
      `interactions ${result.interactions.inserted}/${result.interactions.read} new (${rate.toLocaleString()} interaction rows/s)`,
  );
}

main().catch((err: Error) => {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  const known = err instanceof InputErrors || err instanceof InputError;
  console.error(known ? err.message : `import failed, nothing was imported: ${err.message}`);
  process.exit(known ? 2 : 1);
});
