import { WriteBehindBuffer } from './write-behind-buffer';

const tick = () => new Promise((r) => setImmediate(r));

describe('WriteBehindBuffer', () => {
  beforeEach(() => jest.useFakeTimers({ doNotFake: ['setImmediate'] }));
  afterEach(() => jest.useRealTimers());

  it('writes nothing before the interval, then everything queued in one batch', async () => {
    const batches: number[][] = [];
    const b = new WriteBehindBuffer<number>(async (rows) => void batches.push(rows), {
      intervalMs: 100,
      maxRows: 50,
      capacity: 1000,
    });
    b.add([1, 2]);
    b.add([3]);
    jest.advanceTimersByTime(99);
    expect(batches).toEqual([]);
    jest.advanceTimersByTime(1);
    await b.flush();
    expect(batches).toEqual([[1, 2, 3]]);
    expect(b.size).toBe(0);
  });

  it('writes at once when maxRows are waiting, in batches of at most maxRows, in order', async () => {
    const batches: number[][] = [];
    const b = new WriteBehindBuffer<number>(async (rows) => void batches.push(rows), {
      intervalMs: 10_000,
      maxRows: 3,
      capacity: 1000,
    });
    b.add([1, 2]);
    b.add([3, 4, 5, 6, 7]);
    await b.flush();
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('keeps a batch that failed and writes it, first, once the writer works again', async () => {
    let failing = true;
    const batches: number[][] = [];
    const events: string[] = [];
    const b = new WriteBehindBuffer<number>(
      async (rows) => {
        if (failing) throw new Error('database down');
        batches.push(rows);
      },
      { intervalMs: 100, maxRows: 50, capacity: 1000 },
      (e) => events.push(e.failed ? `failed, ${e.waiting} waiting` : `dropped ${e.dropped}`),
    );
    b.add([1, 2]);
    await b.flush();
    expect(events).toEqual(['failed, 2 waiting']);
    b.add([3]);
    failing = false;
    jest.advanceTimersByTime(100);
    await tick();
    await b.flush();
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('drops the oldest rows past its capacity and says how many', async () => {
    const events: number[] = [];
    const b = new WriteBehindBuffer<number>(
      async () => undefined,
      { intervalMs: 100, maxRows: 50, capacity: 3 },
      (e) => e.dropped && events.push(e.dropped),
    );
    b.add([1, 2, 3, 4, 5]);
    expect(b.size).toBe(3);
    expect(events).toEqual([2]);
  });

  it('drains everything at shutdown, and reports what it could not write', async () => {
    const written: number[] = [];
    const ok = new WriteBehindBuffer<number>(async (rows) => void written.push(...rows), {
      intervalMs: 10_000,
      maxRows: 2,
      capacity: 100,
    });
    ok.add([1, 2, 3, 4, 5]);
    expect(await ok.drain()).toBe(0);
    expect(written).toEqual([1, 2, 3, 4, 5]);
    const broken = new WriteBehindBuffer<number>(async () => Promise.reject(new Error('down')), {
      intervalMs: 10_000,
      maxRows: 10,
      capacity: 100,
    });
    broken.add([1, 2]);
    expect(await broken.drain(2)).toBe(2);
  });
});
