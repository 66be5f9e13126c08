/**
 * Resolves the @app/* aliases inside the training worker thread. A worker does not inherit the
 * resolver hook that scripts/run-dist.js registered in the main thread, and the worker and the
 * libraries it loads import @app/* at run time ("Cannot find module '@app/contracts'" without
 * this). training.worker.ts imports it first. Only for the compiled tree: dist/ mirrors the
 * sources, and the paths are tsconfig.runtime.json's, as in run-dist.js.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { register } from 'tsconfig-paths';

const root = join(__dirname, '..', '..', '..', '..', '..');
const runtime = join(root, 'tsconfig.runtime.json');
if (__dirname.startsWith(join(root, 'dist')) && existsSync(runtime)) {
  register({ baseUrl: join(root, 'dist'), paths: JSON.parse(readFileSync(runtime, 'utf8')).compilerOptions.paths });
}
