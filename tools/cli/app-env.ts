/**
 * The Node options every app process runs with, from `scripts/node-options` (the one list that
 * npm start, the Docker image, the tests' stacks and the bench all use; see ARCHITECTURE.md,
 * "Node options"). Options already in NODE_OPTIONS come after, so they win.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * scripts/node-options, found upwards from here (this file runs from tools/ under jest and from dist/tools/ compiled).
 */
function nodeOptionsFile(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'scripts', 'node-options');
    if (existsSync(file)) return file;
    if (dirname(dir) === dir) throw new Error(`scripts/node-options not found above ${__dirname}`);
  }
}

/** The options of `scripts/node-options`, one line. */
export function appNodeOptions(file = nodeOptionsFile()): string {
  return readFileSync(file, 'utf8').split(/\s+/).filter(Boolean).join(' ');
}

/** `env` for an app process: NODE_OPTIONS with the project's options first. */
export function withAppNodeOptions(env: Record<string, string>, file?: string): Record<string, string> {
  const own = appNodeOptions(file);
  return { ...env, NODE_OPTIONS: [own, env.NODE_OPTIONS].filter(Boolean).join(' ') };
}
