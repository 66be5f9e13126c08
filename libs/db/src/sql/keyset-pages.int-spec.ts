import { Client } from 'pg';
import { useFreshDatabase } from '../../../../test/support/infra';
import { forEachKeysetPage } from './keyset-pages';
import type { RunQuery } from './run-query';

describe('forEachKeysetPage (integration)', () => {
  let pg: Client;
  // Declared before the database's own clean-up, so the connection closes before it is dropped.
  afterAll(() => pg?.end());
  const url = useFreshDatabase('keyset');

  it('hands every row once, in key order, page by page, whatever the page size against the row count', async () => {
    pg = new Client({ connectionString: url() });
    await pg.connect();
    await pg.query('CREATE TABLE t (id int PRIMARY KEY, v text)');
    await pg.query(`INSERT INTO t SELECT i, 'v' || i FROM unnest(ARRAY[-5, 1, 2, 7, 40, 41]) AS i`);
    const query: RunQuery = async (sql, params) => (await pg.query(sql, params)).rows;
    for (const [size, pages] of [
      [2, [[-5, 1], [2, 7], [40, 41], []]],
      [
        4,
        [
          [-5, 1, 2, 7],
          [40, 41],
        ],
      ],
      [6, [[-5, 1, 2, 7, 40, 41], []]],
      [10, [[-5, 1, 2, 7, 40, 41]]],
    ] as const) {
      const seen: number[][] = [];
      await forEachKeysetPage<{ id: number }>(
        query,
        'SELECT id, v FROM t',
        'id',
        (r) => r.id,
        size,
        (rows) => {
          seen.push(rows.map((r) => r.id));
        },
      );
      expect(seen).toEqual(pages);
    }
  });
});
