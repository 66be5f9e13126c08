import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SERVICE_NAMES, Subjects } from '@app/contracts';
import { requestSchemaOf } from './rpc-schemas';

const ROOT = join(__dirname, '..', '..', '..', '..', '..');

/** The TypeScript sources the services are built from (not specs). */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.ts') && !/\.(int-|e2e-)?spec\.ts$/.test(e.name) ? [path] : [];
  });
}

/** `Subjects.a.b` (or `Subjects.health.ping(x)`, for every service) as the subjects it names. */
function subjectsNamed(path: string, called: boolean): string[] {
  const value = path
    .split('.')
    .slice(1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], Subjects);
  if (called && typeof value === 'function') return SERVICE_NAMES.map((s) => (value as (s: string) => string)(s));
  return typeof value === 'string' && !called ? [value] : [];
}

/** Every string and per-service subject of a branch of the Subjects table. */
function allSubjects(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  if (typeof node === 'function') return SERVICE_NAMES.map((s) => (node as (s: string) => string)(s));
  return Object.values(node as object).flatMap(allSubjects);
}

describe('no handler without a request schema', () => {
  const files = [...sources(join(ROOT, 'apps')), ...sources(join(ROOT, 'libs'))];
  const texts = files.map((file) => ({ file: relative(ROOT, file), text: readFileSync(file, 'utf8') }));
  const handlers = texts.flatMap(({ file, text }) =>
    [...text.matchAll(/@MessagePattern\(\s*(Subjects(?:\.\w+)+)(\([^()]*\))?\s*\)/g)].map((m) => ({
      file,
      pattern: m[0],
      subjects: subjectsNamed(m[1], m[2] !== undefined),
    })),
  );

  it('reads the subject of every @MessagePattern handler of the services (each names it through the Subjects table)', () => {
    const written = texts.reduce((n, { text }) => n + [...text.matchAll(/@MessagePattern\(/g)].length, 0);
    expect(handlers).toHaveLength(written);
    expect(handlers.filter((h) => h.subjects.length === 0)).toEqual([]);
    const subjects = handlers.flatMap((h) => h.subjects);
    expect(subjects).toEqual(expect.arrayContaining([Subjects.users.delete, Subjects.features.batch]));
    expect(subjects).toEqual(expect.arrayContaining(SERVICE_NAMES.map((s) => Subjects.health.ping(s))));
  });

  it('has a schema for the subject of every handler', () => {
    const unchecked = handlers.flatMap((h) =>
      h.subjects.filter((s) => !requestSchemaOf(s)).map((s) => `${h.file}: ${s}`),
    );
    expect(unchecked).toEqual([]);
  });

  it('has a schema for every request subject of the Subjects table, so a new one cannot be served unchecked', () => {
    // Events, inbound events and dead letters (events too, replayed by subject) are checked by
    // their consumers (event-schemas.ts); bench.hop.echo is a benchmark's own responder.
    const { events: _events, inbound: _inbound, deadLetters: _deadLetters, bench: _bench, ...requests } = Subjects;
    const subjects = allSubjects(requests).filter((s) => !/[*>]/.test(s));
    expect(subjects.length).toBeGreaterThan(30);
    expect(subjects.filter((s) => !requestSchemaOf(s))).toEqual([]);
  });

  it('serves no Nest event handler: events come through the checked JetStream consumers only', () => {
    expect(texts.filter(({ text }) => /@EventPattern\(/.test(text)).map(({ file }) => file)).toEqual([]);
  });
});
