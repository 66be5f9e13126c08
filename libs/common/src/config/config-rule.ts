import { ValidateBy } from 'class-validator';

/**
 * A rule over the whole config, reported under the decorated variable with `message` when
 * `holds(config, value)` is false. Unlike class-validator's optional checks it runs for an
 * absent variable too, so a rule may require one ("NATS_USER is required in production"). It is
 * the one way a config checks one setting against another.
 * Messages name variables and never carry a value: a value may be a secret.
 */
export function ConfigRule<C>(
  name: string,
  holds: (config: C, value: unknown) => boolean,
  message: string | ((config: C) => string),
) {
  return ValidateBy({
    name,
    validator: {
      validate: (value, args) => holds(args!.object as C, value),
      defaultMessage: (args) => (typeof message === 'string' ? message : message(args!.object as C)),
    },
  });
}

/** Whether a config runs in production mode (where insecure development defaults are refused). */
export const inProduction = (config: { ENVIRONMENT: string }): boolean => config.ENVIRONMENT === 'production';

/** An unset or empty variable reads as absent (`NATS_USER=` in a compose file is no user). */
export const emptyAsAbsent = ({ value }: { value: unknown }): unknown => (value === '' ? undefined : value);
