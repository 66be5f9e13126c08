import 'reflect-metadata';
import { IsInt, Matches, MinLength } from 'class-validator';
import { ConfigRule } from './config-rule';
import { ConfigError, loadConfig } from './load-config';
import { ServiceConfig } from './service-config';

class SecretConfig {
  @MinLength(32, { message: 'API_SECRET must be at least 32 characters' })
  API_SECRET: string;

  @IsInt()
  @ConfigRule<SecretConfig>('notThree', (c) => c.WORKERS !== 3, 'three is a bad number')
  WORKERS: number = 2;
}

function problemsOf(load: () => unknown): string {
  try {
    load();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('names a bad variable and never prints its value (a secret, a URL with a password)', () => {
    const message = problemsOf(() =>
      loadConfig(SecretConfig, { API_SECRET: 'hunter2-but-too-short', WORKERS: 'many-workers-value' }),
    );
    expect(message).toContain('API_SECRET');
    expect(message).toContain('WORKERS');
    expect(message).not.toContain('hunter2');
    expect(message).not.toContain('many-workers-value');

    const url = 'redis://:p4ssw0rd-in-the-url@cache.internal:6379';
    class UrlConfig {
      @Matches(/^postgres:\/\//)
      DATABASE_URL: string;
    }
    const urlMessage = problemsOf(() => loadConfig(UrlConfig, { DATABASE_URL: url }));
    expect(urlMessage).toContain('DATABASE_URL');
    expect(urlMessage).not.toContain('p4ssw0rd');
  });

  it("says when a required variable is not set, and runs the class's rules across settings", () => {
    expect(problemsOf(() => loadConfig(SecretConfig, {}))).toContain(
      'API_SECRET must be at least 32 characters (not set)',
    );
    expect(problemsOf(() => loadConfig(SecretConfig, { API_SECRET: 'x'.repeat(32), WORKERS: '3' }))).toContain(
      'WORKERS: three is a bad number',
    );
    expect(loadConfig(SecretConfig, { API_SECRET: 'x'.repeat(32) }).WORKERS).toBe(2);
  });

  it('keeps the values of a shared setting out of the message too', () => {
    const message = problemsOf(() =>
      loadConfig(ServiceConfig, { REDIS_URL: 'http://user:s3cret-password@redis:6379', RPC_TIMEOUT_MS: '12' }),
    );
    expect(message).toContain('REDIS_URL');
    expect(message).toContain('RPC_TIMEOUT_MS');
    expect(message).not.toContain('s3cret-password');
  });
});
