import { describePauses, StallWatch } from './stall-watch';

describe('StallWatch', () => {
  it('names the collections of a stall by kind, largest first', () => {
    expect(describePauses([])).toBe('no garbage collection during it');
    expect(
      describePauses([
        { start: 0, ms: 2.4, kind: 'young' },
        { start: 5, ms: 40.6, kind: 'full' },
        { start: 50, ms: 1.2, kind: 'young' },
      ]),
    ).toBe('garbage collection during it: full 41 ms, young 4 ms');
  });

  it('reports an event loop held well past the threshold', async () => {
    const lines: string[] = [];
    const watch = new StallWatch({ thresholdMs: 40, warn: (m) => lines.push(m) });
    watch.start();
    try {
      await new Promise((r) => setTimeout(r, 50));
      const until = Date.now() + 150;
      while (Date.now() < until) {
        // holding the event loop, as a long synchronous task would
      }
      await new Promise((r) => setTimeout(r, 50));
      // A busy machine may add a late tick of its own; the held loop is the one of 100 ms or more.
      const held = lines.filter((l) => Number(/stalled (\d+) ms/.exec(l)?.[1]) >= 100);
      expect(held).toHaveLength(1);
      expect(held[0]).toMatch(
        /^event loop stalled \d+ ms from \d{4}-\d\d-\d\dT[\d:.]+Z; (no garbage collection during it|garbage collection during it: .+)$/,
      );
    } finally {
      watch.stop();
    }
  });

  it('does not watch with a threshold of 0', async () => {
    const lines: string[] = [];
    const watch = new StallWatch({ thresholdMs: 0, warn: (m) => lines.push(m) });
    watch.start();
    const until = Date.now() + 60;
    while (Date.now() < until) {
      // held
    }
    await new Promise((r) => setTimeout(r, 30));
    watch.stop();
    expect(lines).toEqual([]);
  });
});
