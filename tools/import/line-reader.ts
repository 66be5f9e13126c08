import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

/** A problem in an input file, named by file and line. */
export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'InputError';
  }
}

/** Several input problems at once (the first ones found), so a user fixes them in one go. */
export class InputErrors extends Error {
  constructor(readonly errors: InputError[]) {
    super(
      `${errors.length} problem(s) in the input, nothing was imported:\n${errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
    this.name = 'InputErrors';
  }
}

/** Streams the lines of `path` with 1-based line numbers (handles CRLF). */
export async function* readLines(path: string): AsyncGenerator<{ line: number; text: string }> {
  if (!existsSync(path)) throw new InputError(path, 0, 'file not found');
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) yield { line: ++line, text };
}

/** Escapes one value for PostgreSQL COPY ... (FORMAT csv). */
export function csvField(value: string | number | boolean | null): string {
  if (value === null) return '';
  const s = String(value);
  return /[",\n\r]/.test(s) || s === '' ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A PostgreSQL text[] literal. */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;
}
