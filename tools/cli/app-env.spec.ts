import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { appNodeOptions, withAppNodeOptions } from './app-env';

describe('app Node options', () => {
  it('reads the project\u2019s options and puts them before any the caller set', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'node-options-')), 'node-options');
    writeFileSync(file, '--max-semi-space-size=64\n  --stack-size=2000\n');
    expect(appNodeOptions(file)).toBe('--max-semi-space-size=64 --stack-size=2000');
    expect(withAppNodeOptions({ A: '1' }, file)).toEqual({
      A: '1',
      NODE_OPTIONS: '--max-semi-space-size=64 --stack-size=2000',
    });
    expect(withAppNodeOptions({ NODE_OPTIONS: '--max-semi-space-size=16' }, file).NODE_OPTIONS).toBe(
      '--max-semi-space-size=64 --stack-size=2000 --max-semi-space-size=16',
    );
  });

  it('finds the project\u2019s own file, which gives the apps a 64 MB young generation', () => {
    expect(appNodeOptions()).toContain('--max-semi-space-size=64');
  });
});
