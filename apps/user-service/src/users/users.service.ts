import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type SelectQueryBuilder } from 'typeorm';
import { appendOutbox, OutboxRelay, pgErrorCode, PG_UNIQUE_VIOLATION } from '@app/common';
import { DomainError, ErrorCode, Subjects, type CreateUserInput, type DeleteUserReply, type ListUsersQuery, type Page, type SearchActiveQuery, type SearchByInterestQuery, type UpdateUserInput, type UserView } from '@app/contracts';
import { UserEntity } from '@app/db';
import { deleteImpressionsOf } from '@app/db/queries/impressions-lock';
import { applyUserInput, normaliseInterests, toUserView } from './user.mapper';

/** Profiles: every write commits together with the event announcing it (outbox). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxRelay,
  ) {}

  /** `requestId`: the request that asked, recorded with the event. */
  async create(input: CreateUserInput, requestId: string | null = null): Promise<UserView> {
    const entity = applyUserInput(Object.assign(new UserEntity(), { latitude: null, longitude: null, externalId: null }), input);
    const view = await this.write(async (m) => {
      const saved = await m.save(UserEntity, entity);
      const view = toUserView(saved);
      await appendOutbox(m, Subjects.events.userCreated, { user: view }, requestId);
      return view;
    });
    return view;
  }

  async get(id: number): Promise<UserView> {
    return toUserView(await this.find(id));
  }

  async update(id: number, changes: UpdateUserInput, requestId: string | null = null): Promise<UserView> {
    return this.write(async (m) => {
      const entity = await m.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!entity) throw DomainError.notFound('user', id);
      const saved = await m.save(UserEntity, applyUserInput(entity, changes));
      const view = toUserView(saved);
      await appendOutbox(m, Subjects.events.userUpdated, { user: view }, requestId);
      return view;
    });
  }

  /** Removes the profile, its impressions both ways and, by cascade, every interaction both ways and idempotency record. */
  async delete(id: number, requestId: string | null = null): Promise<DeleteUserReply> {
    return this.write(async (m) => {
      const user = await m.findOne(UserEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!user) throw DomainError.notFound('user', id);
      const [{ count: interactions }] = await m.query('SELECT count(*)::int AS count FROM interactions WHERE actor_id = $1 OR target_id = $1', [id]);
      const [{ count: keys }] = await m.query('SELECT count(*)::int AS count FROM idempotency_keys WHERE actor_id = $1', [id]);
      const [{ count: aggregates }] = await m.query('SELECT count(*)::int AS count FROM user_aggregates WHERE user_id = $1', [id]);
      const impressions = await deleteImpressionsOf(m, id);
      // Cascades remove the rows counted above; derived copies elsewhere follow events.user.deleted.
      await m.delete(UserEntity, { id });
      await appendOutbox(m, Subjects.events.userDeleted, { user_id: id }, requestId);
      return { id, deleted: true, removed: { users: 1, interactions, idempotency_keys: keys, impressions, user_aggregates: aggregates } };
    });
  }

  async list(q: ListUsersQuery): Promise<Page<UserView>> {
    const qb = this.ds.getRepository(UserEntity).createQueryBuilder('u');
    if (q.location !== undefined) qb.andWhere('lower(u.location) = lower(:location)', { location: q.location.trim() });
    if (q.min_age !== undefined) qb.andWhere('u.age >= :minAge', { minAge: q.min_age });
    if (q.max_age !== undefined) qb.andWhere('u.age <= :maxAge', { maxAge: q.max_age });
    if (q.gender !== undefined) qb.andWhere('u.gender = :gender', { gender: q.gender });
    if (q.is_active !== undefined) qb.andWhere('u.is_active = :active', { active: q.is_active });
    return this.page(qb.orderBy('u.id', 'ASC'), q);
  }

  async searchActive(q: SearchActiveQuery): Promise<Page<UserView>> {
    const qb = this.ds
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .where('u.is_active')
      .andWhere(`u.last_active_at >= now() - make_interval(hours => :hours)`, { hours: q.within_hours })
      .orderBy('u.last_active_at', 'DESC')
      .addOrderBy('u.id', 'ASC');
    return this.page(qb, q);
  }

  async searchByInterest(q: SearchByInterestQuery): Promise<Page<UserView>> {
    const [interest] = normaliseInterests([q.interest]);
    const qb = this.ds.getRepository(UserEntity).createQueryBuilder('u').where('u.interests @> ARRAY[:interest]::text[]', { interest }).orderBy('u.id', 'ASC');
    return this.page(qb, q);
  }

  private async page(qb: SelectQueryBuilder<UserEntity>, q: { limit: number; offset: number }): Promise<Page<UserView>> {
    const [rows, total] = await qb.take(q.limit).skip(q.offset).getManyAndCount();
    return { items: rows.map(toUserView), total, limit: q.limit, offset: q.offset };
  }

  private async find(id: number): Promise<UserEntity> {
    const user = await this.ds.getRepository(UserEntity).findOneBy({ id });
    if (!user) throw DomainError.notFound('user', id);
    return user;
  }

  /** Runs a write in a transaction, maps unique violations to 409, then wakes the outbox relay. */
  private async write<T>(work: (m: DataSource['manager']) => Promise<T>): Promise<T> {
    try {
      const result = await this.ds.transaction(work);
      this.outbox.kick();
      return result;
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) throw new DomainError(ErrorCode.Conflict, 'external_id is already used by another user', [{ field: 'external_id', reasons: ['already used by another user'] }]);
      throw err;
    }
  }
}

