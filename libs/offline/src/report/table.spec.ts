import { formatTable, num } from './table';

describe('num', () => {
  it('rounds to the given decimals with thousands separators', () => {
    expect(num(1234.567, 1)).toBe('1,234.6');
    expect(num(0.5, 3)).toBe('0.500');
  });

  it('shows a missing or undefined figure as "-", not 0', () => {
    expect(num(undefined)).toBe('-');
    expect(num(null)).toBe('-');
    expect(num(Number.NaN)).toBe('-');
  });
});

describe('formatTable', () => {
  it('aligns text left and numbers right, under a rule as wide as each column', () => {
    const out = formatTable(
      ['scenario', 'p50 ms', 'requests'],
      [
        ['live', num(1.234, 1), 52000],
        ['uncached', num(123.4, 1), 640],
      ],
    );
    expect(out.split('\n')).toEqual([
      'scenario  p50 ms  requests',
      '--------  ------  --------',
      'live         1.2     52000',
      'uncached   123.4       640',
    ]);
  });

  it('treats "-" (not measured) as a number cell so the column stays right-aligned', () => {
    const out = formatTable(
      ['rate', 'x'],
      [
        ['-', 'a'],
        ['300', 'b'],
      ],
    );
    expect(out.split('\n')[2]).toBe('   -  a');
  });

  it('prints the headers alone for no rows', () => {
    expect(formatTable(['a', 'bb'], [])).toBe('a  bb\n-  --');
  });
});
