import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min, ValidateBy } from 'class-validator';
import { MAX_PAGE_OFFSET } from '@app/contracts';

let maxPageSize = 100;

/** Sets the largest page any list returns (from MAX_PAGE_SIZE, at boot). */
export function setMaxPageSize(n: number): void {
  maxPageSize = n;
}

/** `limit` must not exceed the configured MAX_PAGE_SIZE (read at validation time, not at import). */
const MaxPageSize = () =>
  ValidateBy({
    name: 'maxPageSize',
    validator: {
      validate: (v: unknown) => typeof v === 'number' && v <= maxPageSize,
      defaultMessage: () => `limit must not be greater than ${maxPageSize}`,
    },
  });

/** limit/offset pagination shared by every list endpoint. */
export class PageQueryDto {
  @ApiPropertyOptional({
    description: 'Page size, 1 to MAX_PAGE_SIZE (default 100)',
    example: 20,
    minimum: 1,
    maximum: 100,
    default: 20,
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @MaxPageSize()
  limit: number = 20;

  @ApiPropertyOptional({ description: 'Rows to skip', example: 0, minimum: 0, default: 0 })
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_PAGE_OFFSET)
  offset: number = 0;
}
