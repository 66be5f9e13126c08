import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Gender } from '@app/contracts';

/** A dating profile and its partner preferences. Indexes: see the initial migration. */
@Entity({ name: 'users' })
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
