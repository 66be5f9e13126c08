import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseFlags, UsageError } from '../cli/flags';
import { randomPasswords, renderNatsServerConfig, SHIPPED_CONFIG_FILES } from './nats-permissions';

const USAGE = 'usage: npm run nats:config [-- --check | --passwords]';
const ROOT = resolve(__dirname, '..', '..', '..');

/**
 * `npm run nats:config`: writes the nats-server configuration generated from BUS_ACCESS to the
 * shipped files. `--check` only compares (exit 1 when a file differs); `--passwords` prints a
 * random password per NATS user as VARIABLE=value lines (for .env or a Kubernetes secret).
 */
function main(): void {
  const flags = parseFlags(process.argv.slice(2), { values: [], booleans: ['check', 'passwords'] });
  if (flags.has('check') && flags.has('passwords')) throw new UsageError('--check and --passwords exclude each other');
  if (flags.has('passwords')) {
    process.stdout.write(randomPasswords((n) => randomBytes(n).toString('base64url')));
    return;
  }
  const text = renderNatsServerConfig();
  let stale = 0;
  for (const file of SHIPPED_CONFIG_FILES) {
    const path = join(ROOT, file);
    const current = readOrNull(path);
    if (current === text) continue;
    if (flags.has('check')) {
      process.stderr.write(`${file} is not what BUS_ACCESS renders: run npm run nats:config\n`);
      stale++;
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    process.stdout.write(`wrote ${file}\n`);
  }
  if (stale) process.exit(1);
}

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

try {
  main();
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
