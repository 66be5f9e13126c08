import { CoalescedRun } from './coalesced-run';

describe('CoalescedRun', () => {
  it('runs one at a time, and a burst of calls during a run makes exactly one more run', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const work = () => new Promise<void>((resolve) => ((release = resolve), runs++));
    const r = new CoalescedRun(work);
    const first = r.run();
    const during = [r.run(), r.run(), r.run()];
    expect(runs).toBe(1);
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toBe(2);
    release();
    await Promise.all([first, ...during]);
    expect(runs).toBe(2);
    const later = r.run();
    expect(runs).toBe(3);
    release();
    await later;
  });

  it('stops repeating when told not to proceed', async () => {
    let runs = 0;
    let proceed = true;
    const r = new CoalescedRun(
      async () => {
        runs++;
        proceed = false;
      },
      () => proceed,
    );
    const a = r.run();
    void r.run();
    await a;
    expect(runs).toBe(1);
  });
});
