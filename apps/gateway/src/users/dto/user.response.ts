import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { GENDERS } from '@app/contracts';

export class PreferencesResponse {
  @ApiProperty({ enum: GENDERS, isArray: true, example: ['male'] }) genders: string[];
  @ApiProperty({ example: 24 }) age_min: number;
  @ApiProperty({ example: 35 }) age_max: number;
  @ApiProperty({ example: 50, nullable: true, type: Number }) max_distance_km: number | null;
}

/** A profile as returned by the API. */
export class UserResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'Alice' }) name: string;
  @ApiProperty({ example: 25 }) age: number;
  @ApiProperty({ enum: GENDERS, example: 'female' }) gender: string;
  @ApiPropertyOptional({ example: 'San Francisco', nullable: true, type: String }) location: string | null;
  @ApiPropertyOptional({ example: 'Love hiking and photography', nullable: true, type: String }) bio: string | null;
  @ApiProperty({ example: ['hiking', 'photography', 'travel'], type: [String] }) interests: string[];
  @ApiPropertyOptional({ example: 37.7749, nullable: true, type: Number }) latitude: number | null;
  @ApiPropertyOptional({ example: -122.4194, nullable: true, type: Number }) longitude: number | null;
  @ApiProperty({ type: PreferencesResponse }) preferences: PreferencesResponse;
  @ApiProperty({ example: true }) is_active: boolean;
  @ApiPropertyOptional({ example: '2026-11-26T10:00:00.000Z', nullable: true, type: String }) last_active_at:
    string | null;
  @ApiProperty({ example: '2026-11-26T09:00:00.000Z' }) created_at: string;
  @ApiProperty({ example: '2026-11-26T09:00:00.000Z' }) updated_at: string;
}

export class UserPageResponse {
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}

export class DeleteUserResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: true }) deleted: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { users: 1, interactions: 12, idempotency_keys: 2 },
    description: 'Rows removed per table',
  })
  removed: Record<string, number>;
}
