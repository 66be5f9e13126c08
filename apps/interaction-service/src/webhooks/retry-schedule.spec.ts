import { nextAttemptAt } from './retry-schedule';

describe('nextAttemptAt', () => {
  const now = Date.parse('2026-12-08T10:00:00Z');

  it('doubles the base after each failed attempt', () => {
    expect(nextAttemptAt(1, 8, 30_000, now)!.getTime() - now).toBe(30_000);
    expect(nextAttemptAt(2, 8, 30_000, now)!.getTime() - now).toBe(60_000);
    expect(nextAttemptAt(7, 8, 30_000, now)!.getTime() - now).toBe(30_000 * 64);
  });

  it('waits at most an hour', () => {
    expect(nextAttemptAt(12, 20, 30_000, now)!.getTime() - now).toBe(3_600_000);
  });

  it('gives up after the last attempt', () => {
    expect(nextAttemptAt(8, 8, 30_000, now)).toBeNull();
    expect(nextAttemptAt(1, 1, 30_000, now)).toBeNull();
  });
});
