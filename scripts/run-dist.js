#!/usr/bin/env node
// Runs a compiled entry point from dist/ with the @app/* path aliases resolved
// (tsc does not rewrite them). Usage: node scripts/run-dist.js dist/<path>.js [args...]
const path = require('path');
const root = path.resolve(__dirname, '..');
require('tsconfig-paths').register({
  baseUrl: path.join(root, 'dist'),
  paths: require(path.join(root, 'tsconfig.runtime.json')).compilerOptions.paths,
});
const entry = process.argv[2];
if (!entry) { console.error('usage: run-dist.js <compiled entry> [args]'); process.exit(2); }
// Run it as the main module (so `require.main === module` guards hold), with its own argv.
process.argv.splice(1, 2, path.resolve(root, entry));
require('module').runMain();
