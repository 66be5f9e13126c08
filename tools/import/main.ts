import { loadDotEnv } from '@app/common/config/load-config';
import { DEFAULT_DATABASE_URL } from '@app/db/data-source';
import { importMarket } from './import-market';
import { InputError, InputErrors } from './line-reader';

const USAGE = 'usage: npm run import -- [--users <users.jsonl>] [--interactions <interactions.csv>]   (DATABASE_URL selects the database)';

/** Parses `--flag value` pairs, rejecting unknown flags. */
export function parseImportArgs(argv: string[]): { users?: string; interactions?: string } {
  const out: { users?: string; interactions?: string } = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if ((flag !== '--users' && flag !== '--interactions') || !value || value.startsWith('--')) throw new Error(`unexpected argument "${flag}"\n${USAGE}`);
    out[flag.slice(2) as 'users' | 'interactions'] = value;
  }
  if (!out.users && !out.interactions) throw new Error(`give --users and/or --interactions\n${USAGE}`);
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
  const known = err instanceof InputErrors || err instanceof InputError;
  console.error(known ? err.message : `import failed, nothing was imported: ${err.message}`);
  process.exit(known || /unexpected argument|give --users/.test(err.message) ? 2 : 1);
});
