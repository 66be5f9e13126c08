/** Where the repository is, and how its compiled tools and apps are started. */
import { join, resolve } from 'node:path';

/** The repository root (this file runs from dist/tools/bench/). */
export const ROOT = resolve(__dirname, '..', '..', '..');

/** Arguments to start a compiled entry point with its @app/* aliases: node scripts/run-dist.js <entry>. */
export function distArgs(entry: string, args: string[] = []): string[] {
  return [join(ROOT, 'scripts', 'run-dist.js'), entry, ...args];
}
