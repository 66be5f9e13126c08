import { PollLoop } from './poll-loop';

/** A pass whose result the test decides, recording when each pass started. */
function controlledPasses() {
  const started: number[] = [];
  const finishers: ((moved: number | Error) => void)[] = [];
  const pass = (): Promise<number> => {
    started.push(Date.now());
    return new Promise<number>((resolve, reject) =>
      finishers.push((moved) => (moved instanceof Error ? reject(moved) : resolve(moved))),
    );
  };
  const finish = async (moved: number | Error): Promise<void> => {
    finishers.shift()!(moved);
    // Let the loop's promise chain settle and schedule its next pass.
    for (let i = 0; i < 5; i++) await Promise.resolve();
  };
  /** Stops the loop, letting a pass still running end. */
  const stop = async (loop: PollLoop): Promise<void> => {
    const stopping = loop.stop();
    while (finishers.length) await finish(0);
    await stopping;
  };
  return { started, pass, finish, stop };
}

describe('PollLoop', () => {
  const options = { batch: 10, idleMs: 250, retryMs: 2000 };
  let errors: string[];
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
    errors = [];
  });
  afterEach(() => jest.useRealTimers());
  /** A loop over controlled passes, started, its first pass running. */
  const started = () => {
    const p = controlledPasses();
    const loop = new PollLoop(p.pass, { ...options, onError: (e) => errors.push(e.message) });
    loop.start();
    jest.advanceTimersByTime(0);
    return { p, loop };
  };
  /** Finishes the running pass with `rows` (less than a batch) and checks nothing runs during the idle wait. */
  const finishThenWaitIdle = async (p: ReturnType<typeof controlledPasses>, rows: number): Promise<void> => {
    const before = p.started.length;
    await p.finish(rows);
    jest.advanceTimersByTime(249);
    expect(p.started).toHaveLength(before);
  };

  it('passes at once after a full batch, after the idle wait otherwise', async () => {
    const { p, loop } = started();
    expect(p.started).toEqual([0]);
    await p.finish(10);
    jest.advanceTimersByTime(0);
    expect(p.started).toEqual([0, 0]);
    await finishThenWaitIdle(p, 3);
    jest.advanceTimersByTime(1);
    expect(p.started).toEqual([0, 0, 250]);
    await p.stop(loop);
  });

  it('runs one more pass right after the running one when kicked during it, not after the idle wait', async () => {
    const { p, loop } = started();
    jest.advanceTimersByTime(40);
    loop.kick();
    loop.kick();
    expect(p.started).toEqual([0]); // never two passes at once
    await p.finish(1);
    jest.advanceTimersByTime(0);
    expect(p.started).toEqual([0, 40]);
    // That kick was served: the pass after it waits for the idle poll again.
    await finishThenWaitIdle(p, 0);
    await p.stop(loop);
  });

  it('passes at once when kicked while idle', async () => {
    const { p, loop } = started();
    await p.finish(0);
    jest.advanceTimersByTime(100);
    loop.kick();
    jest.advanceTimersByTime(0);
    expect(p.started).toEqual([0, 100]);
    await p.stop(loop);
  });

  it('retries a failed pass after the retry wait, kicked or not, and reports the failure', async () => {
    const { p, loop } = started();
    loop.kick();
    await p.finish(new Error('database down'));
    expect(errors).toEqual(['database down']);
    jest.advanceTimersByTime(1999);
    expect(p.started).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(p.started).toEqual([0, 2000]);
    await p.stop(loop);
  });

  it('starts no pass once stopped, and stop waits for the running one', async () => {
    const { p, loop } = started();
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    await p.finish(10);
    await stopping;
    loop.kick();
    jest.advanceTimersByTime(10_000);
    expect(p.started).toEqual([0]);
  });
});
