import { Registry } from 'prom-client';
import { scrapeGauge } from './scrape-gauge';

describe('scrapeGauge', () => {
  it('reads its value at each scrape, and leaves itself out of a scrape whose read fails or gives null', async () => {
    const registry = new Registry();
    const answers: (() => Promise<number | null>)[] = [
      async () => 3,
      async () => null,
      async () => {
        throw new Error('PostgreSQL is down');
      },
      async () => 5,
    ];
    scrapeGauge({ name: 'backlog_items', help: 'Items waiting', registry, read: () => answers.shift()!() });
    const sample = async () => (await registry.getSingleMetric('backlog_items')!.get()).values.map((v) => v.value);
    expect(await sample()).toEqual([3]);
    expect(await sample()).toEqual([]);
    expect(await sample()).toEqual([]);
    expect(await sample()).toEqual([5]);
  });
});
