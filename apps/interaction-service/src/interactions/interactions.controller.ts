import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CallerRoleOf, DisclosurePolicy, RequestId } from '@app/common';
import { Subjects, type CallerRole, type RpcReply, type RpcRequest } from '@app/contracts';
import { InteractionStatsService } from './interaction-stats.service';
import { InteractionsBatchService } from './interactions-batch.service';
import { InteractionsService } from './interactions.service';

/**
 * NATS handlers for swipes and blocks. Reads are shaped by the caller's role (the disclosure
 * policy: privacy/interaction-disclosure.ts), never route by route.
 */
@Controller()
export class InteractionsController {
  constructor(
    private readonly interactions: InteractionsService,
    private readonly statsService: InteractionStatsService,
    private readonly batch: InteractionsBatchService,
    private readonly policy: DisclosurePolicy,
  ) {}

  @MessagePattern(Subjects.interactions.create)
  create(
    @Payload() input: RpcRequest<'interactions.create'>,
    @RequestId() requestId: string,
  ): Promise<RpcReply<'interactions.create'>> {
    return this.interactions.create(input, requestId);
  }

  @MessagePattern(Subjects.interactions.createBatch)
  createBatch(
    @Payload() { interactions }: RpcRequest<'interactions.create-batch'>,
    @RequestId() requestId: string,
  ): Promise<RpcReply<'interactions.create-batch'>> {
    return this.batch.createMany(interactions, requestId);
  }

  @MessagePattern(Subjects.interactions.list)
  list(
    @Payload() query: RpcRequest<'interactions.list'>,
    @CallerRoleOf() role: CallerRole,
  ): Promise<RpcReply<'interactions.list'>> {
    return this.interactions.list(query, this.policy.for(role));
  }

  @MessagePattern(Subjects.interactions.recent)
  recent(
    @Payload() query: RpcRequest<'interactions.recent'>,
    @CallerRoleOf() role: CallerRole,
  ): Promise<RpcReply<'interactions.recent'>> {
    return this.interactions.recent(query, this.policy.for(role));
  }

  @MessagePattern(Subjects.interactions.mutual)
  mutual(
    @Payload() q: RpcRequest<'interactions.mutual'>,
    @CallerRoleOf() role: CallerRole,
  ): Promise<RpcReply<'interactions.mutual'>> {
    return this.interactions.mutual(q.user_id, q.target_user_id, this.policy.for(role));
  }

  @MessagePattern(Subjects.interactions.stats)
  stats(
    @Payload() q: RpcRequest<'interactions.stats'>,
    @CallerRoleOf() role: CallerRole,
  ): Promise<RpcReply<'interactions.stats'>> {
    return this.statsService.stats(q.user_id, this.policy.for(role));
  }

  @MessagePattern(Subjects.interactions.timeline)
  timeline(
    @Payload() q: RpcRequest<'interactions.timeline'>,
    @CallerRoleOf() role: CallerRole,
  ): Promise<RpcReply<'interactions.timeline'>> {
    return this.statsService.timeline(q, this.policy.for(role));
  }
}
