/**
 * Field rules the contract schemas share: ids, id lists, pages, and the checks that compare two
 * fields of one request. Messages name the field and the rule, never the value.
 */
import {
  ArrayMaxSize,
  IsArray,
  IsInt,
  Max,
  Min,
  ValidateBy,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { MAX_AGE, MAX_USER_ID, MIN_AGE, MAX_PAGE_LIMIT, MAX_PAGE_OFFSET, type PageQuery } from '@app/contracts';
import { OptionalNotNull } from '../optional';

/** Applies several property decorators as one. */
const all =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const decorate of decorators) decorate(target, key);
  };

/** A user id: a positive integer that fits the users table's integer column. */
export const IsId = (): PropertyDecorator => all(IsInt(), Min(1), Max(MAX_USER_ID));

/** An optional age (a filter's min_age or max_age): absent, or a whole number of years a profile may have. */
export const OptionalAge = (): PropertyDecorator => all(OptionalNotNull(), IsInt(), Min(MIN_AGE), Max(MAX_AGE));

/** An array of at most `max` user ids. */
export const IsIdList = (max: number): PropertyDecorator => {
  const each: ValidationOptions = { each: true };
  return all(IsArray(), ArrayMaxSize(max), IsInt(each), Min(1, each), Max(MAX_USER_ID, each));
};

/** The value of another field of the same object. */
const other = (args: ValidationArguments, field: string): unknown => (args.object as Record<string, unknown>)[field];

/** A number not above the number in `field` (when both are numbers; their own rules check the rest). */
export const NotAbove = (field: string): PropertyDecorator =>
  ValidateBy({
    name: 'notAbove',
    validator: {
      validate: (value: unknown, args) => {
        const bound = other(args!, field);
        return typeof value !== 'number' || typeof bound !== 'number' || value <= bound;
      },
      defaultMessage: (args) => `${args!.property} must not exceed ${field}`,
    },
  });

/** This number plus the number in `field` at most `max` (offset + limit within a pool). */
export const SumWithin = (field: string, max: number): PropertyDecorator =>
  ValidateBy({
    name: 'sumWithin',
    validator: {
      validate: (value: unknown, args) => {
        const added = other(args!, field);
        return typeof value !== 'number' || typeof added !== 'number' || value + added <= max;
      },
      defaultMessage: (args) => `${args!.property} + ${field} must not exceed ${max}`,
    },
  });

/** limit/offset of every list. */
export class PageRequest implements PageQuery {
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_LIMIT)
  limit: number;

  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  offset: number;
}
