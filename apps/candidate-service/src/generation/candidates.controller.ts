import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CandidateSubjects, type RpcReply, type RpcRequest } from '@app/contracts';
import { CandidatesService } from './candidates.service';

/** NATS handlers of candidate generation; called by the ranking service and the gateway. */
@Controller()
export class CandidatesController {
  constructor(private readonly candidates: CandidatesService) {}

  @MessagePattern(CandidateSubjects.generate)
  generate(@Payload() request: RpcRequest<'candidates.generate'>): Promise<RpcReply<'candidates.generate'>> {
    return this.candidates.generate(request);
  }

  @MessagePattern(CandidateSubjects.similar)
  similar(@Payload() request: RpcRequest<'candidates.similar'>): Promise<RpcReply<'candidates.similar'>> {
    return this.candidates.similar(request);
  }
}
