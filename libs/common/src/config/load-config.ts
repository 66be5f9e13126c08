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
 * One line per failed constraint, naming the variable. Never the value: a setting may be a
 * secret (JWT_SECRET, a URL with a password), and these lines go to the logs. Rules across
 * settings are decorators too (ConfigRule, config-rule.ts).
 */
function flatten(errors: ValidationError[]): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map(
      (msg) => `${e.property}: ${msg}${e.value === undefined ? ' (not set)' : ''}`,
    ),
    ...flatten(e.children ?? []),
  ]);
}

/**
 * Reads a `.env` file if present (never overriding real environment variables), then builds and
 * validates `cls` from the environment. Property names are the variable names.
 */
export function loadConfig<T extends object>(cls: new () => T, env: NodeJS.ProcessEnv = process.env): T {
  const config = plainToInstance(cls, { ...env }, { enableImplicitConversion: true, exposeDefaultValues: true });
  const problems = flatten(validateSync(config, { whitelist: false, forbidUnknownValues: false }));
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
