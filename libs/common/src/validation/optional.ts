import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when present it is validated, null included. (class-validator's
 * IsOptional would let null through, which then reaches a NOT NULL column.)
 */
export const OptionalNotNull = () => ValidateIf((_: object, value: unknown) => value !== undefined);

/** The field may be left out or be null; any other value is validated. */
export const OptionalNullable = () => ValidateIf((_: object, value: unknown) => value !== undefined && value !== null);
