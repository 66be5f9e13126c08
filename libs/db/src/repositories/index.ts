import type { DataSource } from 'typeorm';
import { IdempotencyKeysRepository } from './idempotency-keys.repository';
import { ImpressionsRepository } from './impressions.repository';
import { InteractionStatsRepository } from './interaction-stats.repository';
import { InteractionsRepository } from './interactions.repository';
import { MatchesRepository } from './matches.repository';
import { MatchSignalsRepository } from './match-signals.repository';
import { PopularityRepository } from './popularity.repository';
import { ProfilesRepository } from './profiles.repository';
import { UserAggregatesRepository } from './user-aggregates.repository';
import { UsersRepository } from './users.repository';
import { ViewerRelationsRepository } from './viewer-relations.repository';
import { WebhooksRepository } from './webhooks.repository';

export { type KeyedInteraction, type NewIdempotencyKey } from './idempotency-keys.repository';
export { IdempotencyKeysRepository } from './idempotency-keys.repository';
export type { ImpressionPage } from './impression-pages';
export { type PerformanceRow, ImpressionsRepository } from './impressions.repository';
export { type BucketCount, type TypeCount, InteractionStatsRepository } from './interaction-stats.repository';
export type { InteractionVisibility } from './interaction-sql';
export {
  type InteractionRow,
  type NewInteraction,
  InteractionsRepository,
  toInteractionView,
} from './interactions.repository';
export { type MatchRow, MatchesRepository } from './matches.repository';
export { MatchSignalsRepository } from './match-signals.repository';
export { type TallyRow, type WindowTallyReads, PopularityRepository } from './popularity.repository';
export { type ProfileRow, ProfilesRepository, toProfile } from './profiles.repository';
export { TrainingDataRepository } from './training-data.repository';
export { type AggregateRow, UserAggregatesRepository } from './user-aggregates.repository';
export { type PageRequest, type UserFilter, UsersRepository } from './users.repository';
export { type RelationsWith, ViewerRelationsRepository } from './viewer-relations.repository';
export { type ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

/** Every repository over the service's DataSource (the training data's runs on a plain pg client in a worker). */
export const DATA_SOURCE_REPOSITORIES: (new (ds: DataSource) => object)[] = [
  UsersRepository,
  ProfilesRepository,
  InteractionsRepository,
  IdempotencyKeysRepository,
  MatchesRepository,
  InteractionStatsRepository,
  ViewerRelationsRepository,
  ImpressionsRepository,
  UserAggregatesRepository,
  PopularityRepository,
  WebhooksRepository,
  MatchSignalsRepository,
];
