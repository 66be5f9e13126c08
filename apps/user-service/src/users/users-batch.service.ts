import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { appendOutbox, OutboxRelay } from '@app/common';
import { DomainError, ErrorCode, Subjects, type CreateUserInput, type FieldError, type UserView } from '@app/contracts';
import { UserEntity, UsersRepository } from '@app/db';
import { applyUserInput, toUserView } from './user.mapper';

/** Creates up to a thousand users at once: all of them, or none with an error per bad record. */
@Injectable()
export class UsersBatchService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outbox: OutboxRelay,
    private readonly users: UsersRepository,
  ) {}

  async createMany(
    inputs: CreateUserInput[],
    requestId: string | null = null,
  ): Promise<{ created: number; items: UserView[] }> {
    const errors: FieldError[] = [];
    const entities = inputs.map((input, i) => {
      try {
        return applyUserInput(
          Object.assign(new UserEntity(), { latitude: null, longitude: null, externalId: null }),
          input,
        );
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        errors.push(...(err.details ?? []).map((d) => ({ field: `users.${i}.${d.field}`, reasons: d.reasons })));
        return null;
      }
    });
    await this.checkExternalIds(inputs, errors);
    if (errors.length) {
      const onlyConflicts = errors.every((e) => e.reasons.every((r) => r.startsWith('already used')));
      throw new DomainError(
        onlyConflicts ? ErrorCode.Conflict : ErrorCode.ValidationFailed,
        `${errors.length} invalid record(s); nothing was created`,
        errors,
      );
    }
    const items = await this.ds.transaction(async (m) => {
      const saved = await this.users.insertMany(entities as UserEntity[], m);
      const views = saved.map(toUserView);
      for (const user of views) await appendOutbox(m, Subjects.events.userCreated, { user_id: user.id }, requestId);
      return views;
    });
    this.outbox.kick();
    return { created: items.length, items };
  }

  /** external_id must be unique within the batch and against stored users. */
  private async checkExternalIds(inputs: CreateUserInput[], errors: FieldError[]): Promise<void> {
    const firstIndex = new Map<string, number>();
    inputs.forEach((u, i) => {
      if (!u.external_id) return;
      const seen = firstIndex.get(u.external_id);
      if (seen !== undefined)
        errors.push({ field: `users.${i}.external_id`, reasons: [`duplicates users.${seen}.external_id`] });
      else firstIndex.set(u.external_id, i);
    });
    if (!firstIndex.size) return;
    const taken = await this.users.findTakenExternalIds([...firstIndex.keys()]);
    for (const id of taken) {
      errors.push({ field: `users.${firstIndex.get(id)}.external_id`, reasons: ['already used by another user'] });
    }
  }
}
