import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CallerRoleOf } from '@app/common';
import { Subjects, type CallerRole, type RpcReply, type RpcRequest } from '@app/contracts';
import { CandidatesService } from './candidates.service';

/** NATS handlers of candidate generation; called by the ranking service and the gateway. */
@Controller()
export class CandidatesController {
  constructor(private readonly candidates: CandidatesService) {}

  @MessagePattern(Subjects.candidates.generate)
  generate(@Payload() request: RpcRequest<'candidates.generate'>): Promise<RpcReply<'candidates.generate'>> {
    return this.candidates.generate(request);
  }

  @MessagePattern(Subjects.candidates.similar)
  similar(
    @Payload() request: RpcRequest<'candidates.similar'>,
    @CallerRoleOf() role: CallerRole,
  ): Promise<RpcReply<'candidates.similar'>> {
    return this.candidates.similar(request, role);
  }
}
