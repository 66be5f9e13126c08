/**
 * Every process and resource the bench starts is registered here, so that one call releases
 * them all: at the end, on an error, and on Ctrl-C (the bench must never leave a stack of seven
 * services, a nats-server or a half-finished import behind on a shared machine).
 */
import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';

type Release = () => Promise<void> | void;

const releases: { name: string; release: Release }[] = [];
let releasing: Promise<void> | null = null;

/** Registers something to release at clean-up; returns a function that releases it now instead. */
export function onCleanup(name: string, release: Release): () => Promise<void> {
  const entry = { name, release };
  releases.push(entry);
  return async () => {
    const i = releases.indexOf(entry);
    if (i < 0) return;
    releases.splice(i, 1);
    await release();
  };
}

/** Releases everything registered, newest first; later calls wait for the same run. */
export function cleanupAll(): Promise<void> {
  releasing ??= (async () => {
    while (releases.length) {
      const { name, release } = releases.pop()!;
      try {
        await release();
      } catch (err) {
        process.stderr.write(`clean-up of ${name} failed: ${(err as Error).message}\n`);
      }
    }
  })();
  return releasing;
}

/** Stops a child: SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 8000): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Spawns a child that clean-up will stop; `release` stops it early (and unregisters it). */
export function spawnTracked(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions,
): { child: ChildProcess; stop: () => Promise<void> } {
  const child = spawn(command, args, options);
  const stop = onCleanup(name, () => stopChild(child));
  return { child, stop };
}

/**
 * Runs a command to completion (a tool such as market, migrate, import): its stderr (progress)
 * is shown with a prefix, its stdout is returned. Rejects on a non-zero exit with the output's tail.
 */
export async function runTool(name: string, command: string, args: string[], options: SpawnOptions): Promise<string> {
  const { child, stop } = spawnTracked(name, command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let tail = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    const text = d.toString();
    tail = (tail + text).slice(-2000);
    for (const line of text.split('\n')) if (line.trim()) process.stderr.write(`  [${name}] ${line}\n`);
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (c) => resolve(c));
  });
  await stop();
  if (code !== 0) throw new Error(`${name} exited with ${code}: ${(tail || stdout).trim().slice(-1000)}`);
  return stdout;
}

/**
 * Makes Ctrl-C and kill release everything before exiting (then `afterCleanup`, e.g. writing
 * what was measured so far), and keeps a second Ctrl-C from interrupting the clean-up itself.
 */
export function releaseOnSignals(afterCleanup: (signal: string) => void = () => undefined): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (releasing) return;
      process.stderr.write(`\n${signal}: stopping everything the bench started...\n`);
      void cleanupAll()
        .then(() => afterCleanup(signal))
        .finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
    });
  }
}
