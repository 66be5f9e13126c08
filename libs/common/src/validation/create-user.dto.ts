import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull, OptionalNullable } from './optional';
import { GENDERS, type Gender } from '@app/contracts';
import { PreferencesDto } from './preferences.dto';

/** A new profile, as the app's backend sends it. */
export class CreateUserDto {
  @ApiProperty({ example: 'Alice', minLength: 1, maxLength: 100 })
  @IsString()
  @Length(1, 100)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ example: 25, minimum: 18, maximum: 120 })
  @IsInt()
  @Min(18, { message: 'age must be at least 18' })
  @Max(120)
  age: number;

  @ApiProperty({ enum: GENDERS, example: 'female' })
  @IsIn(GENDERS, { message: `gender must be one of ${GENDERS.join(', ')}` })
  gender: Gender;

  @ApiPropertyOptional({ type: String, example: 'San Francisco', maxLength: 100, nullable: true })
  @OptionalNullable()
  @IsString()
  @MaxLength(100)
  location?: string | null;

  @ApiPropertyOptional({ type: String, example: 'Love hiking and photography', maxLength: 1000, nullable: true })
  @OptionalNullable()
  @IsString()
  @MaxLength(1000)
  bio?: string | null;

  @ApiPropertyOptional({ example: ['hiking', 'photography', 'travel'], maxItems: 30, type: [String] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 50, { each: true, message: 'each interest must be 1 to 50 characters' })
  @Matches(/\S/, { each: true, message: 'each interest must contain a visible character' })
  interests?: string[];

  @ApiPropertyOptional({ type: Number, example: 37.7749, minimum: -90, maximum: 90, nullable: true })
  @OptionalNullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-90)
  @Max(90)
  latitude?: number | null;

  @ApiPropertyOptional({ type: Number, example: -122.4194, minimum: -180, maximum: 180, nullable: true })
  @OptionalNullable()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(-180)
  @Max(180)
  longitude?: number | null;

  @ApiPropertyOptional({ type: PreferencesDto })
  @OptionalNotNull()
  @IsObject()
  @ValidateNested()
  @Type(() => PreferencesDto)
  preferences?: PreferencesDto;

  @ApiPropertyOptional({ example: true, default: true })
  @OptionalNotNull()
  @IsBoolean()
  is_active?: boolean;

  @ApiPropertyOptional({
    type: String,
    example: 'app-user-8f3a',
    maxLength: 128,
    nullable: true,
    description: "The app's own id for this person (unique); admin only",
  })
  @OptionalNullable()
  @IsString()
  @Length(1, 128)
  @Matches(/^[A-Za-z0-9._:@-]+$/, { message: 'external_id may contain letters, digits and . _ : @ - only' })
  external_id?: string | null;
}
