import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Gender } from '@app/contracts';

/**
 * A dating profile and its partner preferences. Schema: the initial migration; the indexes and
 * checks below are declared so the schema check (entities.int-spec) knows them. The index on
 * lower(location) is an expression, which TypeORM neither declares nor reads.
 */
@Entity({ name: 'users' })
@Index('users_age_idx', ['age'])
@Index('users_gender_age_idx', ['gender', 'age'])
@Index('users_active_last_active_idx', ['lastActiveAt'], { where: 'is_active' })
@Index('users_interests_idx', ['interests'], { type: 'gin' })
@Check('users_age_check', 'age BETWEEN 18 AND 120')
@Check('users_gender_check', `gender IN ('female', 'male', 'non_binary')`)
@Check('users_latitude_check', 'latitude BETWEEN -90 AND 90')
@Check('users_longitude_check', 'longitude BETWEEN -180 AND 180')
@Check('users_check', 'pref_age_min <= pref_age_max')
export class UserEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'external_id', type: 'varchar', length: 128, nullable: true, unique: true })
  externalId: string | null;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Column({ type: 'smallint' })
  age: number;

  @Column({ type: 'varchar', length: 16 })
  gender: Gender;

  @Column({ type: 'varchar', length: 100, nullable: true })
  location: string | null;

  @Column({ type: 'text', nullable: true })
  bio: string | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  interests: string[];

  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Column({ name: 'pref_genders', type: 'text', array: true })
  prefGenders: Gender[];

  @Column({ name: 'pref_age_min', type: 'smallint' })
  prefAgeMin: number;

  @Column({ name: 'pref_age_max', type: 'smallint' })
  prefAgeMax: number;

  @Column({ name: 'pref_max_distance_km', type: 'integer', nullable: true })
  prefMaxDistanceKm: number | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive: boolean;

  @Column({ name: 'last_active_at', type: 'timestamptz', nullable: true })
  lastActiveAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
