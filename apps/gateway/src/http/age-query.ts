import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_AGE, MIN_AGE } from '@app/contracts';

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
