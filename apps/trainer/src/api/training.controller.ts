import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, type RpcReply, type RpcRequest } from '@app/contracts';
import { ModelRegistry } from '../registry/model-registry.service';
import { TrainingQueue } from '../jobs/training-queue.service';

/**
 * NATS handlers of the trainer: enqueue a job, read its status, list the model versions. Their
 * input was checked against its schema at the boundary (ContractValidationInterceptor).
 */
@Controller()
export class TrainingController {
  constructor(
    private readonly queue: TrainingQueue,
    private readonly registry: ModelRegistry,
  ) {}

  @MessagePattern(Subjects.training.enqueue)
  enqueue(@Payload() input: RpcRequest<'training.enqueue'>): Promise<RpcReply<'training.enqueue'>> {
    return this.queue.enqueue(input.job, input.reason ?? 'requested');
  }

  @MessagePattern(Subjects.training.jobStatus)
  status(@Payload() input: RpcRequest<'training.job-status'>): Promise<RpcReply<'training.job-status'>> {
    return this.queue.status(input.job_id);
  }

  @MessagePattern(Subjects.training.versions)
  versions(@Payload() input: RpcRequest<'training.versions'>): Promise<RpcReply<'training.versions'>> {
    return this.registry.list(input.kind);
  }
}
