/** Plain-text tables for the terminal: results of the bench and the evaluation must read well in a log or an issue. */

export type Cell = string | number | null | undefined;

/**
 * Formats a number for a table: `digits` decimals, thousands separated, '-' for null/NaN
 * (a figure that was not measured must not look like a zero).
 */
export function num(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * Lays out `rows` under `headers` in aligned columns: text left-aligned, numbers (and cells that
 * look like formatted numbers) right-aligned, so figures line up by their last digit.
 */
export function formatTable(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const text = rows.map((r) => headers.map((_, i) => cellText(r[i])));
  const numeric = headers.map(
    (_, i) =>
      rows.length > 0 &&
      rows.every((r, j) => typeof r[i] === 'number' || /^[-+]?[\d,.]+( ?[a-z%]*)?$|^-$|^n\/a$|^$/.test(text[j][i])),
  );
  const widths = headers.map((h, i) => Math.max(h.length, ...text.map((r) => r[i].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...text.map(line)].join('\n');
}

function cellText(c: Cell): string {
  if (c === null || c === undefined) return '-';
  if (typeof c === 'number') return Number.isFinite(c) ? String(c) : '-';
  return c;
}
