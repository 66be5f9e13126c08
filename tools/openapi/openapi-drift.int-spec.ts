import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The committed openapi.json must be what the code generates (run `npm run openapi` after API changes). */
describe('openapi.json', () => {
  it('matches the document generated from the gateway code', () => {
    const generated = execFileSync(
      process.execPath,
      [join(ROOT, 'scripts', 'run-dist.js'), 'dist/tools/openapi/write-openapi.js', '--stdout'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    const committed = readFileSync(join(ROOT, 'openapi.json'), 'utf8');
    expect(JSON.parse(generated)).toEqual(JSON.parse(committed));
  });

  it('documents every endpoint of the API with examples', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/users',
        '/api/v1/users/{user_id}',
        '/api/v1/users/search/active',
        '/api/v1/users/search/by-interest',
        '/api/v1/interactions',
        '/api/v1/interactions/user/{user_id}',
        '/api/v1/interactions/stats/{user_id}',
        '/api/v1/interactions/mutual/{user_id}/{target_user_id}',
        '/api/v1/interactions/recent/{user_id}',
        '/api/v1/interactions/timeline/{user_id}',
        '/api/v1/matches/{user_id}',
        '/api/v1/health',
        '/api/v1/health/live',
        '/api/v1/health/ready',
        '/api/v1/health/dependencies',
        '/api/v1/health/metrics',
        '/api/v1/health/models',
      ]),
    );
    const create = doc.components.schemas.CreateUserDto;
    expect(create.properties.name.example).toBe('Alice');
    expect(create.required).toEqual(expect.arrayContaining(['name', 'age', 'gender']));
  });

  it('names every operation after what it does (the typed client and the docs call them by it)', () => {
    const doc = JSON.parse(readFileSync(join(ROOT, 'openapi.json'), 'utf8'));
    const ids = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops as Record<string, { operationId?: string }>).map((op) => op.operationId),
    );
    expect(ids.length).toBeGreaterThan(30);
    for (const id of ids)
      expect(id).toMatch(/^(get|list|create|update|delete|search|start|rank|explain|discard|replay)[A-Z]\w+$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("is what the typed client's types were generated from (run `npm run client:generate` after API changes)", () => {
    // The generator's own --check, with the arguments the npm script generates with.
    const [, ...args] = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts['client:generate'].split(
      ' ',
    );
    const cli = join(ROOT, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const check = spawnSync(process.execPath, [cli, ...args, '--check'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: check.status, stderr: check.stderr }).toEqual({ status: 0, stderr: '' });
  });
});
