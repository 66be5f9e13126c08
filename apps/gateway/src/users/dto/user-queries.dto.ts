import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { GENDERS, MAX_ACTIVE_WITHIN_HOURS, type Gender } from '@app/contracts';
import { OptionalAgeQuery } from '../../http/age-query';
import { PageQueryDto } from '../../http/page-query.dto';

/** Query strings carry booleans as text; only "true" and "false" are accepted. */
export const toStrictBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'San Francisco', description: 'Exact city, case-insensitive' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  location?: string;

  @OptionalAgeQuery(21)
  min_age?: number;

  @OptionalAgeQuery(35)
  max_age?: number;

  @ApiPropertyOptional({ enum: GENDERS })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: Gender;

  @ApiPropertyOptional({ example: true })
  @IsOptional()
  @Transform(toStrictBoolean)
  @IsBoolean({ message: 'is_active must be true or false' })
  is_active?: boolean;
}

export class SearchActiveQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    example: 24,
    default: 168,
    minimum: 1,
    maximum: MAX_ACTIVE_WITHIN_HOURS,
    description: 'Active within this many hours',
  })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_ACTIVE_WITHIN_HOURS)
  within_hours: number = 168;
}

export class SearchByInterestQueryDto extends PageQueryDto {
  @ApiProperty({ example: 'hiking', description: 'One interest, case-insensitive' })
  @IsString()
  @Length(1, 50)
  interest: string;
}
