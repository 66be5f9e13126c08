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
import { Subjects } from './subjects';
import type { TrainingRpcs } from './training/training.types';
import type { WebhookRpcs } from './webhooks/webhook.types';
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
  [S in ServiceName as ReturnType<typeof Subjects.health.ping<S>>]: Rpc<Record<string, never>, ServicePing>;
} & {
  [S in ServiceName as ReturnType<typeof Subjects.health.metrics<S>>]: Rpc<Record<string, never>, ServiceMetrics>;
};

/** Request and reply type of every subject (keyed by the table, subjects.ts); the typed client infers both. */
export type RpcContract = HealthRpcs &
  TrainingRpcs &
  CandidateRpcs &
  RecommendationRpcs &
  WebhookRpcs & {
    [Subjects.users.create]: Rpc<CreateUserInput, UserView>;
    [Subjects.users.createBatch]: Rpc<{ users: CreateUserInput[] }, { created: number; items: UserView[] }>;
    [Subjects.users.get]: Rpc<{ id: number }, UserView>;
    [Subjects.users.update]: Rpc<{ id: number; changes: UpdateUserInput }, UserView>;
    [Subjects.users.delete]: Rpc<{ id: number }, DeleteUserReply>;
    [Subjects.users.list]: Rpc<ListUsersQuery, Page<UserView>>;
    [Subjects.users.searchActive]: Rpc<SearchActiveQuery, Page<UserView>>;
    [Subjects.users.searchByInterest]: Rpc<SearchByInterestQuery, Page<UserView>>;
    [Subjects.interactions.create]: Rpc<CreateInteractionInput, CreateInteractionReply>;
    [Subjects.interactions.createBatch]: Rpc<{ interactions: BatchInteractionInput[] }, BatchInteractionsReply>;
    [Subjects.interactions.list]: Rpc<ListInteractionsQuery, Page<InteractionView>>;
    [Subjects.interactions.stats]: Rpc<{ user_id: number }, InteractionStats>;
    [Subjects.interactions.mutual]: Rpc<{ user_id: number; target_user_id: number }, MutualInteraction>;
    [Subjects.interactions.recent]: Rpc<RecentQuery, InteractionView[]>;
    [Subjects.interactions.timeline]: Rpc<TimelineQuery, Timeline>;
    [Subjects.interactions.matches]: Rpc<ListMatchesQuery, Page<MatchView>>;
  };

export type RpcSubject = keyof RpcContract;
export type RpcRequest<S extends RpcSubject> = RpcContract[S]['request'];
export type RpcReply<S extends RpcSubject> = RpcContract[S]['reply'];
