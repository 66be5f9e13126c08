import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** The ages the product accepts anywhere (the users table's CHECK constraint). */
export const MIN_AGE = 18;
export const MAX_AGE = 120;

/** An optional whole-number age in a query string ("min_age", "max_age"): documented, converted, bounded. */
export function OptionalAgeQuery(example: number, description?: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ example, minimum: MIN_AGE, maximum: MAX_AGE, ...(description ? { description } : {}) }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(MIN_AGE),
    Max(MAX_AGE),
  );
}
