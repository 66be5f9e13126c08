import { parseFlags, UsageError } from './flags';

const spec = { values: ['users', 'out'], booleans: ['quiet', 'help'] };

describe('parseFlags', () => {
  it('reads values in both spellings and boolean flags', () => {
    expect([...parseFlags(['--users', '10', '--out=dir', '--quiet'], spec)]).toEqual([
      ['users', '10'],
      ['out', 'dir'],
      ['quiet', 'true'],
    ]);
  });

  it('passes a value that starts with a dash to the command (which judges it)', () => {
    expect(parseFlags(['--users', '-3'], spec).get('users')).toBe('-3');
  });

  it.each([
    [['--colour', 'red'], 'unknown option --colour'],
    [['--users'], '--users needs a value'],
    [['--users', '--out', 'x'], '--users needs a value'],
    [['users', '5'], 'unexpected argument "users"'],
  ])('rejects %j with "%s"', (argv, message) => {
    expect(() => parseFlags(argv, spec)).toThrow(new UsageError(message));
  });
});
