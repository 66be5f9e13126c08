/**
 * The schema of every RPC subject's request, in one table keyed like RpcContract: the services'
 * boundary (ContractValidationInterceptor) checks each request against it before its handler.
 * Every subject of RpcContract must have an entry (the `satisfies` below), and every entry must
 * mirror its contract exactly (NoneStale), so neither a new subject nor a changed contract can
 * go unchecked.
 */
import { SERVICE_NAMES, Subjects, type RpcRequest, type RpcSubject, type ServiceName } from '@app/contracts';
import { CreateInteractionsBatchDto } from '../create-interactions-batch.dto';
import { CreateUserDto } from '../create-user.dto';
import { CreateUsersBatchDto } from '../create-users-batch.dto';
import {
  CreateInteractionRequest,
  ListInteractionsRequest,
  MatchesRequest,
  MutualRequest,
  RecentRequest,
  TimelineRequest,
  UserStatsRequest,
} from './interaction-requests';
import type { NoneStale, StaleSchemas } from './mirrors';
import {
  FeatureBatchRequestDto,
  GenerateCandidatesRequestDto,
  PerformanceRequest,
  RankRequest,
  RecommendRequest,
  SimilarUsersRequest,
} from './recommendation-requests';
import { ListDeliveriesRequest, RedeliverRequest, WebhookIdRequest } from './webhook-requests';
import { CreateWebhookDto } from '../create-webhook.dto';
import { EmptyRequest, EnqueueTrainingRequest, JobStatusRequest, ModelVersionsRequest } from './training-requests';
import {
  ListUsersRequest,
  SearchActiveRequest,
  SearchByInterestRequest,
  UpdateUserRequest,
  UserIdRequest,
} from './user-requests';

/** A class-validator class whose instances are one subject's request. */
export type SchemaClass = new () => object;

type HealthSubject = ReturnType<typeof Subjects.health.ping<ServiceName> | typeof Subjects.health.metrics<ServiceName>>;

/** Health ping and metrics of every service carry nothing. */
const HEALTH_SCHEMAS = Object.fromEntries(
  SERVICE_NAMES.flatMap((s) => [
    [Subjects.health.ping(s), EmptyRequest],
    [Subjects.health.metrics(s), EmptyRequest],
  ]),
) as Record<HealthSubject, typeof EmptyRequest>;

export const RPC_SCHEMAS = {
  ...HEALTH_SCHEMAS,
  [Subjects.users.create]: CreateUserDto,
  [Subjects.users.createBatch]: CreateUsersBatchDto,
  [Subjects.users.get]: UserIdRequest,
  [Subjects.users.update]: UpdateUserRequest,
  [Subjects.users.delete]: UserIdRequest,
  [Subjects.users.list]: ListUsersRequest,
  [Subjects.users.searchActive]: SearchActiveRequest,
  [Subjects.users.searchByInterest]: SearchByInterestRequest,
  [Subjects.interactions.create]: CreateInteractionRequest,
  [Subjects.interactions.createBatch]: CreateInteractionsBatchDto,
  [Subjects.interactions.list]: ListInteractionsRequest,
  [Subjects.interactions.stats]: UserStatsRequest,
  [Subjects.interactions.mutual]: MutualRequest,
  [Subjects.interactions.recent]: RecentRequest,
  [Subjects.interactions.timeline]: TimelineRequest,
  [Subjects.interactions.matches]: MatchesRequest,
  [Subjects.webhooks.create]: CreateWebhookDto,
  [Subjects.webhooks.list]: EmptyRequest,
  [Subjects.webhooks.delete]: WebhookIdRequest,
  [Subjects.webhooks.deliveries]: ListDeliveriesRequest,
  [Subjects.webhooks.redeliver]: RedeliverRequest,
  [Subjects.candidates.generate]: GenerateCandidatesRequestDto,
  [Subjects.candidates.similar]: SimilarUsersRequest,
  [Subjects.features.batch]: FeatureBatchRequestDto,
  [Subjects.ranking.recommend]: RecommendRequest,
  [Subjects.ranking.rank]: RankRequest,
  [Subjects.ranking.performance]: PerformanceRequest,
  [Subjects.training.enqueue]: EnqueueTrainingRequest,
  [Subjects.training.jobStatus]: JobStatusRequest,
  [Subjects.training.versions]: ModelVersionsRequest,
} as const satisfies { [S in RpcSubject]: SchemaClass };

/** Fails to compile, naming the subjects, while a schema no longer mirrors its contract. */
const _everyRequestSchemaMirrorsItsContract: NoneStale<
  StaleSchemas<typeof RPC_SCHEMAS, { [S in RpcSubject]: RpcRequest<S> }>
> = true;

/** The schema of `subject`'s request, or undefined for a subject with none. */
export function requestSchemaOf(subject: string): SchemaClass | undefined {
  return Object.hasOwn(RPC_SCHEMAS, subject) ? RPC_SCHEMAS[subject as RpcSubject] : undefined;
}
