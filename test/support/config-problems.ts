import { ConfigError, loadConfig } from '../../libs/common/src/config/load-config';

/** The problems loading `cls` from `env` reports: none is an empty list (any other failure throws). */
export function configProblems<T extends object>(cls: new () => T, env: Record<string, string>): string[] {
  try {
    loadConfig(cls, env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
}
