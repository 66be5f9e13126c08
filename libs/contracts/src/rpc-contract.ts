import type { ServiceMetrics, ServicePing } from './health/health.types';
import type {
  BatchInteractionInput,
  BatchInteractionsReply,
  CreateInteractionInput,
  CreateInteractionReply,
  InteractionStats,
  InteractionView,
  ListInteractionsQuery,
  ListMatchesQuery,
  MatchView,
  MutualInteraction,
  RecentQuery,
  Timeline,
  TimelineQuery,
} from './interactions/interaction.types';
import type { CandidateRpcs } from './candidates/candidate.types';
import type { RecommendationRpcs } from './recommendations/recommendation.types';
import type { ServiceName } from './services';
import type { TrainingRpcs } from './training/training.types';
import type {
  CreateUserInput,
  DeleteUserReply,
  ListUsersQuery,
  Page,
  SearchActiveQuery,
  SearchByInterestQuery,
  UpdateUserInput,
  UserView,
} from './users/user.messages';

type Rpc<Req, Rep> = { request: Req; reply: Rep };
type HealthRpcs = {
  [S in ServiceName as `${S}.health.ping`]: Rpc<Record<string, never>, ServicePing>;
} & {
  [S in ServiceName as `${S}.health.metrics`]: Rpc<Record<string, never>, ServiceMetrics>;
};

/** Request and reply type of every subject; the typed client infers both from the subject. */
export type RpcContract = HealthRpcs & TrainingRpcs & CandidateRpcs & RecommendationRpcs & {
  'users.create': Rpc<CreateUserInput, UserView>;
  'users.create-batch': Rpc<{ users: CreateUserInput[] }, { created: number; items: UserView[] }>;
  'users.get': Rpc<{ id: number }, UserView>;
  'users.update': Rpc<{ id: number; changes: UpdateUserInput }, UserView>;
  'users.delete': Rpc<{ id: number }, DeleteUserReply>;
  'users.list': Rpc<ListUsersQuery, Page<UserView>>;
  'users.search.active': Rpc<SearchActiveQuery, Page<UserView>>;
  'users.search.by-interest': Rpc<SearchByInterestQuery, Page<UserView>>;
  'interactions.create': Rpc<CreateInteractionInput, CreateInteractionReply>;
  'interactions.create-batch': Rpc<{ interactions: BatchInteractionInput[] }, BatchInteractionsReply>;
  'interactions.list': Rpc<ListInteractionsQuery, Page<InteractionView>>;
  'interactions.stats': Rpc<{ user_id: number }, InteractionStats>;
  'interactions.mutual': Rpc<{ user_id: number; target_user_id: number }, MutualInteraction>;
  'interactions.recent': Rpc<RecentQuery, InteractionView[]>;
  'interactions.timeline': Rpc<TimelineQuery, Timeline>;
  'interactions.matches': Rpc<ListMatchesQuery, Page<MatchView>>;
};

export type RpcSubject = keyof RpcContract;
export type RpcRequest<S extends RpcSubject> = RpcContract[S]['request'];
export type RpcReply<S extends RpcSubject> = RpcContract[S]['reply'];
