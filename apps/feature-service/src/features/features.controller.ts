import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, type RpcReply, type RpcRequest } from '@app/contracts';
import { FeaturesService } from './features.service';

/** NATS handler of the feature store. */
@Controller()
export class FeaturesController {
  constructor(private readonly features: FeaturesService) {}

  @MessagePattern(Subjects.features.batch)
  batch(@Payload() q: RpcRequest<'features.batch'>): Promise<RpcReply<'features.batch'>> {
    return this.features.batch(q.viewer_id, q.candidate_ids, q.known_likes);
  }
}
