import { plainToInstance } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, Max, Min, validateSync, ValidateIf } from 'class-validator';
import { CreateUserDto } from '@app/common/validation/create-user.dto';
import { toFieldErrors } from '@app/common/validation/field-errors';
import { normalizeInterests } from '@app/contracts';
import { csvField, InputError, pgTextArray } from './line-reader';

/** A users.jsonl record: the API's user shape, validated by the API's own rules plus ids and times. */
class ImportedUserDto extends CreateUserDto {
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  id: number;

  @IsOptional()
  @IsISO8601({ strict: true })
  created_at?: string;

  @IsOptional()
  @IsISO8601({ strict: true })
  updated_at?: string;

  @ValidateIf((_, v) => v !== null && v !== undefined)
  @IsISO8601({ strict: true })
  last_active_at?: string | null;
}

/** Columns written by `userCsvRow`, in order. */
export const USER_COLUMNS = [
  'id',
  'name',
  'age',
  'gender',
  'location',
  'bio',
  'interests',
  'latitude',
  'longitude',
  'pref_genders',
  'pref_age_min',
  'pref_age_max',
  'pref_max_distance_km',
  'is_active',
  'last_active_at',
  'created_at',
  'updated_at',
] as const;

const ALL_GENDERS = ['female', 'male', 'non_binary'];

/** Parses and validates one users.jsonl line into a COPY csv row; throws InputError naming the line. */
export function userCsvRow(file: string, line: number, text: string): { id: number; csv: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, line, `not valid JSON (${(err as Error).message})`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new InputError(file, line, 'expected a JSON object');
  // Read-only fields of the API shape are accepted and ignored (they are derived on import).
  const { updated_at: _u, ...input } = raw as Record<string, unknown>;
  const dto = plainToInstance(ImportedUserDto, input);
  const errors = validateSync(dto, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length) {
    const details = toFieldErrors(errors)
      .map((d) => `${d.field}: ${d.reasons.join(', ')}`)
      .join('; ');
    throw new InputError(file, line, details);
  }
  const p = dto.preferences ?? {};
  const ageMin = p.age_min ?? Math.max(18, dto.age - 10);
  const ageMax = p.age_max ?? Math.min(120, dto.age + 10);
  if (ageMin > ageMax) throw new InputError(file, line, 'preferences.age_min: must not exceed preferences.age_max');
  if (((dto.latitude ?? null) === null) !== ((dto.longitude ?? null) === null))
    throw new InputError(file, line, 'latitude and longitude must be given together');
  const interests = normalizeInterests(dto.interests ?? []);
  const now = new Date().toISOString();
  const values = [
    dto.id,
    dto.name.trim(),
    dto.age,
    dto.gender,
    dto.location?.trim() || null,
    dto.bio ?? null,
    pgTextArray(interests),
    dto.latitude ?? null,
    dto.longitude ?? null,
    pgTextArray(p.genders ?? ALL_GENDERS),
    ageMin,
    ageMax,
    p.max_distance_km ?? null,
    dto.is_active ?? true,
    dto.last_active_at ?? null,
    dto.created_at ?? now,
    now,
  ];
  return { id: dto.id, csv: values.map(csvField).join(',') };
}
