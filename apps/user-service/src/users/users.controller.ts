import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RequestId } from '@app/common';
import { Subjects, type RpcReply, type RpcRequest } from '@app/contracts';
import { UsersBatchService } from './users-batch.service';
import { UsersService } from './users.service';

/** NATS handlers for profiles; the gateway has already authenticated and validated the input. */
@Controller()
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly batch: UsersBatchService,
  ) {}

  @MessagePattern(Subjects.users.create)
  create(
    @Payload() input: RpcRequest<'users.create'>,
    @RequestId() requestId: string,
  ): Promise<RpcReply<'users.create'>> {
    return this.users.create(input, requestId);
  }

  @MessagePattern(Subjects.users.createBatch)
  createBatch(
    @Payload() { users }: RpcRequest<'users.create-batch'>,
    @RequestId() requestId: string,
  ): Promise<RpcReply<'users.create-batch'>> {
    return this.batch.createMany(users, requestId);
  }

  @MessagePattern(Subjects.users.get)
  get(@Payload() { id }: RpcRequest<'users.get'>): Promise<RpcReply<'users.get'>> {
    return this.users.get(id);
  }

  @MessagePattern(Subjects.users.update)
  update(
    @Payload() { id, changes }: RpcRequest<'users.update'>,
    @RequestId() requestId: string,
  ): Promise<RpcReply<'users.update'>> {
    return this.users.update(id, changes, requestId);
  }

  @MessagePattern(Subjects.users.delete)
  delete(
    @Payload() { id }: RpcRequest<'users.delete'>,
    @RequestId() requestId: string,
  ): Promise<RpcReply<'users.delete'>> {
    return this.users.delete(id, requestId);
  }

  @MessagePattern(Subjects.users.list)
  list(@Payload() query: RpcRequest<'users.list'>): Promise<RpcReply<'users.list'>> {
    return this.users.list(query);
  }

  @MessagePattern(Subjects.users.searchActive)
  searchActive(@Payload() query: RpcRequest<'users.search.active'>): Promise<RpcReply<'users.search.active'>> {
    return this.users.searchActive(query);
  }

  @MessagePattern(Subjects.users.searchByInterest)
  searchByInterest(
    @Payload() query: RpcRequest<'users.search.by-interest'>,
  ): Promise<RpcReply<'users.search.by-interest'>> {
    return this.users.searchByInterest(query);
  }
}
