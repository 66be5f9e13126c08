import { getMetadataStorage, ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when present it is validated, null included. (class-validator's
 * IsOptional would let null through, which then reaches a NOT NULL column.)
 */
export const OptionalNotNull = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** The field may be left out or be null; any other value is validated. */
export const OptionalNullable = () => ValidateIf((_: object, value: unknown) => value !== undefined && value !== null);

/** The field must be present and may be null; any other value is validated. */
export const Nullable = () => ValidateIf((_: object, value: unknown) => value !== null);

/**
 * `base` with every field optional: each may be left out, and when present is held to the same
 * rules (null included, as OptionalNotNull). class-validator's own metadata carries over by
 * inheritance; only the "may be left out" is added. Extend the result with a class of your own
 * (a field's rules declared on the result itself would replace those it inherits), and give
 * that class's name as `name`: the JSON Schema converter (asyncapi.json) names a schema after the
 * class that holds the rules, which is this one.
 */
export function everyFieldOptional<T extends object>(base: new () => T, name: string): new () => Partial<T> {
  class EveryFieldOptional extends (base as new () => object) {}
  Object.defineProperty(EveryFieldOptional, 'name', { value: name });
  const fields = new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(base, '', true, false)
      .map((m) => m.propertyName),
  );
  for (const field of fields) OptionalNotNull()(EveryFieldOptional.prototype, field);
  return EveryFieldOptional as new () => Partial<T>;
}
