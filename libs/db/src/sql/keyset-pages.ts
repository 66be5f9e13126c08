import type { RunQuery } from './run-query';

/**
 * A whole table read in pages, in key order ("keyset" paging: each page starts after the last
 * key of the one before, so a page costs one index range scan however deep it is). The services'
 * in-memory copies (profiles, aggregates) re-read 100k rows while serving; read at once, the
 * rows were all alive together and the collections that copied them held the event loop for up
 * to 300 ms. `onPage` handles each page before the next is read, so a page is garbage by then.
 */

export async function forEachKeysetPage<R>(
  query: RunQuery,
  /** A SELECT without WHERE, ORDER BY or LIMIT. */
  select: string,
  /** The integer key column, unique and indexed. */
  key: string,
  keyOf: (row: R) => number,
  pageSize: number,
  onPage: (rows: R[]) => Promise<void> | void,
): Promise<void> {
  for (let after = -2_147_483_648; ;) {
    const rows = await query<R>(`${select} WHERE ${key} > $1 ORDER BY ${key} LIMIT ${pageSize}`, [after]);
    await onPage(rows);
    if (rows.length < pageSize) return;
    after = keyOf(rows[rows.length - 1]);
  }
}
