import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { appendOutbox, OutboxRelay, pgErrorCode, PG_UNIQUE_VIOLATION } from '@app/common';
import {
  DomainError,
  ErrorCode,
  normalizeInterest,
  Subjects,
  type CreateUserInput,
  type DeleteUserReply,
  type ListUsersQuery,
  type Page,
  type SearchActiveQuery,
  type SearchByInterestQuery,
  type UpdateUserInput,
  type UserView,
} from '@app/contracts';
import {
  IdempotencyKeysRepository,
  ImpressionsRepository,
  InteractionsRepository,
  type PageRequest,
  UserAggregatesRepository,
  UserEntity,
  UsersRepository,
} from '@app/db';
import { OutboxEventsRepository } from '@app/db/repositories/outbox-events.repository';
import { WebhooksRepository } from '@app/db/repositories/webhooks.repository';
import { applyUserInput, toUserView } from './user.mapper';

/** Profiles: every write commits together with the event announcing it (outbox). */
@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly users: UsersRepository,
    private readonly interactions: InteractionsRepository,
    private readonly idempotencyKeys: IdempotencyKeysRepository,
    private readonly aggregates: UserAggregatesRepository,
    private readonly impressions: ImpressionsRepository,
  ) {}

  /** `requestId`: the request that asked, recorded with the event. */
  async create(input: CreateUserInput, requestId: string | null = null): Promise<UserView> {
    const entity = applyUserInput(
      Object.assign(new UserEntity(), { latitude: null, longitude: null, externalId: null }),
      input,
    );
    const view = await this.write(async (m) => {
      const saved = await this.users.save(entity, m);
      const view = toUserView(saved);
      await appendOutbox(m, Subjects.events.userCreated, { user_id: view.id }, requestId);
      return view;
    });
    return view;
  }

  async get(id: number): Promise<UserView> {
    return toUserView(await this.find(id));
  }

  async update(id: number, changes: UpdateUserInput, requestId: string | null = null): Promise<UserView> {
    return this.write(async (m) => {
      const entity = await this.users.findByIdForUpdate(id, m);
      if (!entity) throw DomainError.notFound('user', id);
      const saved = await this.users.save(applyUserInput(entity, changes), m);
      const view = toUserView(saved);
      await appendOutbox(m, Subjects.events.userUpdated, { user_id: view.id }, requestId);
      return view;
    });
  }

  /**
   * Removes the profile, its impressions both ways, the unrelayed events and webhook deliveries
   * naming them and, by cascade, every interaction both ways, idempotency record and aggregate row.
   */
  async delete(id: number, requestId: string | null = null): Promise<DeleteUserReply> {
    return this.write(async (m) => {
      const user = await this.users.findByIdForUpdate(id, m);
      if (!user) throw DomainError.notFound('user', id);
      const interactions = await this.interactions.countInvolving(id, m);
      const keys = await this.idempotencyKeys.countOfActor(id, m);
      const aggregates = await this.aggregates.countOf(id, m);
      const impressions = await this.impressions.deleteAllOf(id, m);
      // Events naming them that are not relayed yet: only the deletion event below stays, until relayed.
      await new OutboxEventsRepository(m).deleteMentioning(id);
      // Webhook deliveries about them, the delivery log included (a match names both people).
      const deliveries = await WebhooksRepository.deleteMentioning(m, id);
      // Cascades remove the rows counted above; derived copies elsewhere follow events.user.deleted
      // (what erases what, and by when: ARCHITECTURE.md, "Erasure").
      await this.users.delete(id, m);
      await appendOutbox(m, Subjects.events.userDeleted, { user_id: id }, requestId);
      return {
        id,
        deleted: true,
        removed: {
          users: 1,
          interactions,
          idempotency_keys: keys,
          impressions,
          user_aggregates: aggregates,
          webhook_deliveries: deliveries,
        },
      };
    });
  }

  async list(q: ListUsersQuery): Promise<Page<UserView>> {
    const location = q.location?.trim();
    const filter = { location, minAge: q.min_age, maxAge: q.max_age, gender: q.gender, isActive: q.is_active };
    return page(await this.users.findPage(filter, q), q);
  }

  async searchActive(q: SearchActiveQuery): Promise<Page<UserView>> {
    return page(await this.users.findActivePage(q.within_hours, q), q);
  }

  async searchByInterest(q: SearchByInterestQuery): Promise<Page<UserView>> {
    const interest = normalizeInterest(q.interest);
    return page(await this.users.findWithInterestPage(interest, q), q);
  }

  private async find(id: number): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) throw DomainError.notFound('user', id);
    return user;
  }

  /** Runs a write in a transaction, maps unique violations to 409, then wakes the outbox relay. */
  private async write<T>(work: (m: EntityManager) => Promise<T>): Promise<T> {
    try {
      const result = await this.ds.transaction(work);
      this.outbox.kick();
      return result;
    } catch (err) {
      if (pgErrorCode(err) === PG_UNIQUE_VIOLATION)
        throw new DomainError(ErrorCode.Conflict, 'external_id is already used by another user', [
          { field: 'external_id', reasons: ['already used by another user'] },
        ]);
      throw err;
    }
  }
}

/** The API page of a repository's rows and total. */
function page(found: [UserEntity[], number], q: PageRequest): Page<UserView> {
  const [rows, total] = found;
  return { items: rows.map(toUserView), total, limit: q.limit, offset: q.offset };
}
