import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { DomainError, Subjects, type RpcReply, type RpcRequest } from '@app/contracts';
import { ModelRegistry } from '../registry/model-registry.service';
import { TrainingQueue } from '../jobs/training-queue.service';

/** NATS handlers of the trainer: enqueue a job, read its status, list the model versions. */
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
    if (typeof input?.job_id !== 'string' || !input.job_id)
      throw DomainError.invalid('job_id', 'must be a non-empty string');
    return this.queue.status(input.job_id);
  }

  @MessagePattern(Subjects.training.versions)
  versions(@Payload() input: RpcRequest<'training.versions'>): Promise<RpcReply<'training.versions'>> {
    if (input?.kind !== undefined && input.kind !== 'embeddings' && input.kind !== 'ranker')
      throw DomainError.invalid('kind', 'must be embeddings or ranker');
    return this.registry.list(input?.kind);
  }
}
