import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, Max, Min } from 'class-validator';
import { OptionalNotNull, OptionalNullable } from './optional';
import { GENDERS, type Gender } from '@app/contracts';

/** Whom a user wants to see; every field optional with a sensible default. */
export class PreferencesDto {
  @ApiPropertyOptional({
    enum: GENDERS,
    isArray: true,
    example: ['male', 'female'],
    description: 'Genders sought (default: every gender)',
  })
  @OptionalNotNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(GENDERS.length)
  @IsIn(GENDERS, { each: true, message: `each value in genders must be one of ${GENDERS.join(', ')}` })
  genders?: Gender[];

  @ApiPropertyOptional({
    example: 24,
    minimum: 18,
    maximum: 120,
    description: 'Youngest age sought (default: own age - 10, at least 18)',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(18)
  @Max(120)
  age_min?: number;

  @ApiPropertyOptional({
    example: 35,
    minimum: 18,
    maximum: 120,
    description: 'Oldest age sought (default: own age + 10)',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(18)
  @Max(120)
  age_max?: number;

  @ApiPropertyOptional({
    type: Number,
    example: 50,
    minimum: 1,
    maximum: 20000,
    nullable: true,
    description: 'Maximum distance in km; null for any distance (default)',
  })
  @OptionalNullable()
  @IsInt()
  @Min(1)
  @Max(20000)
  max_distance_km?: number | null;
}
