#!/usr/bin/env node
// Runs a compiled entry point from dist/ with the @app/* path aliases resolved
// (tsc does not rewrite them). Usage: node scripts/run-dist.js dist/<path>.js [args...]
const path = require('path');
const root = path.resolve(__dirname, '..');
require('tsconfig-paths').register({
  baseUrl: path.join(root, 'dist'),
  paths: require(path.join(root, 'tsconfig.runtime.json')).compilerOptions.paths,
});
// V8_FLAGS="--trace-gc ...": V8 flags for this process (Node refuses most of them in NODE_OPTIONS).
if (process.env.V8_FLAGS) require('v8').setFlagsFromString(process.env.V8_FLAGS);
const entry = process.argv[2];
if (!entry) {
  console.error('usage: run-dist.js <compiled entry> [args]');
  process.exit(2);
}
// CPU_PROFILE_DIR=<dir>: profile this process's CPU and write <dir>/<entry>-<pid>.cpuprofile
// when it exits (Node refuses --cpu-prof in NODE_OPTIONS, and tools start the apps through this
// script). HEAP_PROFILE_DIR=<dir>: sample what it allocates (V8's sampling heap profiler, one
// sample per 32 KB, collected objects included) into <dir>/<entry>-<pid>.heapprofile; with
// HEAP_PROFILE_SURVIVORS=1, only objects that outlived a young-generation collection (what
// gets promoted to the old generation, which full collections then have to clean).
const profiles = [
  { dir: process.env.CPU_PROFILE_DIR, ext: 'cpuprofile', domain: 'Profiler', start: 'start', stop: 'stop', params: {} },
  {
    dir: process.env.HEAP_PROFILE_DIR,
    ext: 'heapprofile',
    domain: 'HeapProfiler',
    start: 'startSampling',
    stop: 'stopSampling',
    params: {
      samplingInterval: 32768,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: process.env.HEAP_PROFILE_SURVIVORS !== '1',
    },
  },
].filter((p) => p.dir);
if (profiles.length) {
  const inspector = require('node:inspector');
  const fs = require('fs');
  const session = new inspector.Session();
  session.connect();
  for (const p of profiles) {
    session.post(`${p.domain}.enable`);
    session.post(`${p.domain}.${p.start}`, p.params);
  }
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    const name =
      path.basename(entry, '.js') === 'main'
        ? path.basename(path.dirname(path.dirname(entry)))
        : path.basename(entry, '.js');
    // A same-thread inspector session answers synchronously, so this completes in an 'exit' handler.
    for (const p of profiles) {
      session.post(`${p.domain}.${p.stop}`, (err, result) => {
        if (err) return;
        fs.mkdirSync(p.dir, { recursive: true });
        fs.writeFileSync(path.join(p.dir, `${name}-${process.pid}.${p.ext}`), JSON.stringify(result.profile));
      });
    }
  };
  process.on('exit', write);
  // Nest's shutdown hooks end the process by re-raising the signal, which skips 'exit'.
  for (const signal of ['SIGTERM', 'SIGINT']) process.prependListener(signal, write);
}
// Run it as the main module (so `require.main === module` guards hold), with its own argv.
process.argv.splice(1, 2, path.resolve(root, entry));
require('module').runMain();
