/** Polling helpers: the stack and the trainer are observed from outside, over their public interfaces. */

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Retries `probe` every `everyMs` until it resolves, or throws after `timeoutMs` with the last
 * error. An error carrying `fatal: true` (e.g. "the service died") is thrown at once.
 */
export async function waitFor<T>(probe: () => Promise<T>, timeoutMs: number, what: string, everyMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await probe();
    } catch (err) {
      if ((err as { fatal?: boolean })?.fatal) throw err;
      last = err;
      await sleep(everyMs);
    }
  }
  throw new Error(`${what}: not ready after ${Math.round(timeoutMs / 1000)} s: ${(last as Error)?.message ?? last}`);
}
