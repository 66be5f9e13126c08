/** Schemas of the trainer's requests (training.*) and of the health subjects every service answers. */
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { JOB_ID_PATTERN, TrainingJobs, type ModelKind, type RpcRequest, type TrainingJobName } from '@app/contracts';
import { OptionalNotNull } from '../optional';

const JOB_NAMES: readonly TrainingJobName[] = Object.values(TrainingJobs);
const MODEL_KINDS: readonly ModelKind[] = ['embeddings', 'ranker'];

export class EnqueueTrainingRequest implements RpcRequest<'training.enqueue'> {
  @IsIn(JOB_NAMES, { message: `job must be one of ${JOB_NAMES.join(', ')}` })
  job: TrainingJobName;

  @IsString()
  @MaxLength(200)
  reason: string;
}

export class JobStatusRequest implements RpcRequest<'training.job-status'> {
  @IsString()
  @Matches(JOB_ID_PATTERN, { message: 'job_id must be 1 to 100 letters, digits, ":", "_" or "-"' })
  job_id: string;
}

export class ModelVersionsRequest implements RpcRequest<'training.versions'> {
  @OptionalNotNull()
  @IsIn(MODEL_KINDS, { message: `kind must be one of ${MODEL_KINDS.join(', ')}` })
  kind?: ModelKind;
}

/** A request that carries nothing (`<service>.health.ping`, `<service>.health.metrics`): any field is unknown. */
export class EmptyRequest {}
