import { useFreshDatabase } from '../../../../test/support/infra';
import { createDataSource } from '../data-source';
import { runPrepared } from './prepared';

describe('runPrepared (integration)', () => {
  const url = useFreshDatabase('prepared');

  it('runs a named statement with each call\u2019s values, prepared once per connection', async () => {
    const ds = createDataSource(url(), 1);
    await ds.initialize();
    try {
      const query = { name: 'test-add-v1', text: 'SELECT $1::int + $2::int AS sum' };
      expect(await runPrepared<{ sum: number }>(ds, query, [1, 2])).toEqual([{ sum: 3 }]);
      expect(await runPrepared<{ sum: number }>(ds, query, [40, 2])).toEqual([{ sum: 42 }]);
      // One pooled connection: the statement was prepared on it once and is still there.
      const [{ n }] = await runPrepared<{ n: number }>(
        ds,
        {
          name: 'test-count-v1',
          text: `SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name = 'test-add-v1'`,
        },
        [],
      );
      expect(n).toBe(1);
      await expect(runPrepared(ds, query, ['x', 2])).rejects.toThrow(/invalid input syntax/);
    } finally {
      await ds.destroy();
    }
    await expect(runPrepared(createDataSource(url(), 1), { name: 'never', text: 'SELECT 1' }, [])).rejects.toThrow(
      /not initialised/,
    );
  });
});
