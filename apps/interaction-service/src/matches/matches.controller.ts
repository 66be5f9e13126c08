import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, type RpcReply, type RpcRequest } from '@app/contracts';
import { MatchesService } from './matches.service';

@Controller()
export class MatchesController {
  constructor(private readonly matches: MatchesService) {}

  @MessagePattern(Subjects.interactions.matches)
  list(@Payload() q: RpcRequest<'interactions.matches'>): Promise<RpcReply<'interactions.matches'>> {
    return this.matches.list(q);
  }
}
