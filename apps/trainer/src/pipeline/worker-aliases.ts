/**
 * The @app/* path aliases in the pipeline's worker thread. scripts/run-dist.js registers them in
 * the main thread only (a worker does not inherit that hook), and the libs/ml code the worker
 * runs imports @app/contracts: without this, the worker crashed on its first require. Imported
 * first by pipeline.worker.ts; a no-op outside dist/ (under ts-node or jest nothing is compiled).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

interface RuntimePaths {
  baseUrl: string;
  paths: Record<string, string[]>;
}

// dist/apps/trainer/src/pipeline/ → the repository root, whose tsconfig.runtime.json maps the aliases into dist/.
const root = join(__dirname, '..', '..', '..', '..', '..');
const runtimeConfig = join(root, 'tsconfig.runtime.json');
if (existsSync(runtimeConfig)) {
  const { compilerOptions } = JSON.parse(readFileSync(runtimeConfig, 'utf8')) as { compilerOptions: RuntimePaths };
  register({ baseUrl: join(root, compilerOptions.baseUrl), paths: compilerOptions.paths });
}
