import { parseArgs } from 'node:util';

/** A mistake in how a command was called: printed with the usage text, exit code 2. */
export class UsageError extends Error {}

/**
 * Parses `--name value` / `--name=value` options with Node's own util.parseArgs (strict: unknown
 * options, missing values and positionals are errors), reworded into one clear sentence each.
 * Returns the given values by name; boolean flags map to 'true'.
 */
export function parseFlags(
  argv: string[],
  spec: { values: readonly string[]; booleans?: readonly string[] },
): Map<string, string> {
  const options = Object.fromEntries([
    ...spec.values.map((name) => [name, { type: 'string' as const }]),
    ...(spec.booleans ?? []).map((name) => [name, { type: 'boolean' as const }]),
  ]);
  for (const [i, arg] of argv.entries()) {
    // util.parseArgs would take "--out" as the value of "--users --out": refuse that explicitly.
    const name = arg.startsWith('--') && !arg.includes('=') ? arg.slice(2) : null;
    if (
      name &&
      spec.values.includes(name) &&
      (argv[i + 1] === undefined || argv[i + 1].startsWith('--') || argv[i + 1] === '')
    ) {
      throw new UsageError(`--${name} needs a value`);
    }
  }
  // Joined as --name=value, so a value may start with a dash (e.g. a negative number that the
  // command then rejects with its own, clearer message).
  const joined: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i].startsWith('--') && !argv[i].includes('=') ? argv[i].slice(2) : null;
    if (name && spec.values.includes(name)) joined.push(`--${name}=${argv[++i]}`);
    else joined.push(argv[i]);
  }
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: joined, options, strict: true, allowPositionals: false });
  } catch (err) {
    const e = err as { code?: string; message: string };
    const unknown = /Unknown option '([^']+)'/.exec(e.message);
    if (unknown) throw new UsageError(`unknown option ${unknown[1]}`);
    const positional = /Unexpected argument '([^']+)'/.exec(e.message);
    if (positional) throw new UsageError(`unexpected argument "${positional[1]}"`);
    throw new UsageError(e.message);
  }
  const out = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed.values)) {
    if (value === undefined || value === false) continue;
    if (Array.isArray(value)) throw new UsageError(`--${name} given twice`);
    out.set(name, String(value));
  }
  return out;
}
