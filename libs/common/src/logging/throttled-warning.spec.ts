import { ThrottledWarning } from './throttled-warning';

describe('ThrottledWarning', () => {
  it('writes at most one line per interval, counting the ones left out in the next', () => {
    const lines: string[] = [];
    const w = new ThrottledWarning((l) => lines.push(l), 1000);
    w.warn('Redis away', 0);
    w.warn('Redis away', 10);
    w.warn('Redis away', 999);
    w.warn('Redis away', 1000);
    w.warn('Redis away', 5000);
    expect(lines).toEqual(['Redis away', 'Redis away (2 more such events since the last warning)', 'Redis away']);
  });
});
