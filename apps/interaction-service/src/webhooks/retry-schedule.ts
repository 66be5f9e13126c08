/** The longest wait between two attempts of one delivery. */
const MAX_BACKOFF_MS = 3_600_000;

/**
 * When a delivery that just failed its `attempts`-th attempt is tried again: the base doubled per
 * attempt, capped at an hour; null once it has had `maxAttempts` (it is failed for good).
 */
export function nextAttemptAt(attempts: number, maxAttempts: number, baseMs: number, nowMs: number): Date | null {
  if (attempts >= maxAttempts) return null;
  return new Date(nowMs + Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempts - 1)));
}
