import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';

/** Thrown at boot when the environment is invalid; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * A config class may check what one decorator per variable cannot: one setting against another,
 * a file a setting names. Each problem names its variable(s) and never a value.
 */
export interface CrossCheckedConfig {
  crossCheck(): string[];
}

/**
 * One line per failed constraint, naming the variable. Never the value: a setting may be a
 * secret (JWT_SECRET, a URL with a password), and these lines go to the logs.
 */
function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map(
      (msg) => `${e.property}: ${msg}${e.value === undefined ? ' (not set)' : ''}`,
    ),
    ...flatten(e.children ?? []),
  ]);
}

/** The class's own cross-check: looked up on the prototype, so an environment variable of that name cannot hide it. */
function crossCheckOf(cls: new () => object): CrossCheckedConfig['crossCheck'] | undefined {
  const check = (cls.prototype as Partial<CrossCheckedConfig>).crossCheck;
  return typeof check === 'function' ? check : undefined;
}

/**
 * Reads a `.env` file if present (never overriding real environment variables), then builds and
 * validates `cls` from the environment. Property names are the variable names.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const config = plainToInstance(cls, { ...env }, { enableImplicitConversion: true, exposeDefaultValues: true });
  const problems = flatten(validateSync(config, { whitelist: false, forbidUnknownValues: false }));
  problems.push(...(crossCheckOf(cls)?.call(config) ?? []));
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Loads `.env` from the working directory into process.env when it exists (dev convenience). */
export function loadDotEnv(path = '.env'): void {
  try {
    process.loadEnvFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
