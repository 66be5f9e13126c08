/**
 * The `users` table as profiles to create, change, delete and list (the user service), and the
 * existence checks the interaction service makes. Writes take the caller's EntityManager, so a
 * profile change and its outbox event commit together.
 */
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { In } from 'typeorm';
import type { Gender } from '@app/contracts';
import { UserEntity } from '../entities/user.entity';

/** Filters of a user list; each one given narrows it. */
export interface UserFilter {
  /** Matched case-insensitively. */
  location?: string;
  minAge?: number;
  maxAge?: number;
  gender?: Gender;
  isActive?: boolean;
}

/** Which slice of a list. */
export interface PageRequest {
  limit: number;
  offset: number;
}

/** Profiles and their preferences. */
export class UsersRepository {
  constructor(private readonly ds: DataSource) {}

  /** Stores a new user (or saves a loaded one) and returns it with its id and times. */
  save(user: UserEntity, m: EntityManager = this.ds.manager): Promise<UserEntity> {
    return m.save(UserEntity, user);
  }

  /** Stores new users, 200 per INSERT, and returns them with their ids and times. */
  insertMany(users: UserEntity[], m: EntityManager): Promise<UserEntity[]> {
    return m.save(UserEntity, users, { chunk: 200 });
  }

  /** The user, or null. */
  findById(id: number): Promise<UserEntity | null> {
    return this.ds.getRepository(UserEntity).findOneBy({ id });
  }

  /** The user, locked until the transaction ends (FOR UPDATE), or null. */
  findByIdForUpdate(id: number, m: EntityManager): Promise<UserEntity | null> {
    return m.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Deletes the user; the foreign keys cascade to their interactions, keys and aggregates. */
  async delete(id: number, m: EntityManager): Promise<void> {
    await m.delete(UserEntity, { id });
  }

  /** A page of the users matching `filter`, by id, and how many match. */
  findPage(filter: UserFilter, page: PageRequest): Promise<[UserEntity[], number]> {
    const qb = this.ds.getRepository(UserEntity).createQueryBuilder('u');
    const { location } = filter;
    if (location !== undefined) qb.andWhere('lower(u.location) = lower(:location)', { location });
    if (filter.minAge !== undefined) qb.andWhere('u.age >= :minAge', { minAge: filter.minAge });
    if (filter.maxAge !== undefined) qb.andWhere('u.age <= :maxAge', { maxAge: filter.maxAge });
    if (filter.gender !== undefined) qb.andWhere('u.gender = :gender', { gender: filter.gender });
    if (filter.isActive !== undefined) qb.andWhere('u.is_active = :active', { active: filter.isActive });
    return paged(qb.orderBy('u.id', 'ASC'), page);
  }

  /** A page of the active users active within `hours`, most recent first, and how many there are. */
  findActivePage(hours: number, page: PageRequest): Promise<[UserEntity[], number]> {
    const qb = this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.is_active')
      .andWhere(`u.last_active_at >= now() - make_interval(hours => :hours)`, { hours })
      .orderBy('u.last_active_at', 'DESC')
      .addOrderBy('u.id', 'ASC');
    return paged(qb, page);
  }

  /** A page of the users with `interest` (stored normalised), by id, and how many there are. */
  findWithInterestPage(interest: string, page: PageRequest): Promise<[UserEntity[], number]> {
    const qb = this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.interests @> ARRAY[:interest]::text[]', { interest })
      .orderBy('u.id', 'ASC');
    return paged(qb, page);
  }

  /** Which of `externalIds` other users already have. */
  async findTakenExternalIds(externalIds: string[]): Promise<string[]> {
    const users = this.ds.getRepository(UserEntity);
    const rows = await users.find({ select: { externalId: true }, where: { externalId: In(externalIds) } });
    return rows.map((r) => r.externalId!);
  }

  /** Which of `ids` are users. Raw: on every swipe, one array parameter however many ids. */
  async findExistingIds(ids: readonly number[], m: EntityManager = this.ds.manager): Promise<Set<number>> {
    const rows: { id: number }[] = await m.query(`SELECT id FROM users WHERE id = ANY($1)`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Records that the user just acted. Raw: TypeORM's update() would also set updated_at (the
   * UpdateDateColumn), which marks the profile changed for every service's profile mirror.
   */
  async touchLastActive(id: number, m: EntityManager): Promise<void> {
    await m.query(`UPDATE users SET last_active_at = now() WHERE id = $1`, [id]);
  }
}

function paged(qb: SelectQueryBuilder<UserEntity>, page: PageRequest): Promise<[UserEntity[], number]> {
  return qb.take(page.limit).skip(page.offset).getManyAndCount();
}
