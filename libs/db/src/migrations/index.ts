import { InitialSchema1764130000000 } from './1764130000000-initial-schema';
import { RecommendationSchema1764140000000 } from './1764140000000-recommendation-schema';
import { CandidatePoolIndex1764150000000 } from './1764150000000-candidate-pool-index';
import { DropCandidatePoolIndex1764160000000 } from './1764160000000-drop-candidate-pool-index';
import { ImpressionsWithoutForeignKeys1764170000000 } from './1764170000000-impressions-without-foreign-keys';
import { ImpressionPages1764180000000 } from './1764180000000-impression-pages';
import { Webhooks1764190000000 } from './1764190000000-webhooks';
import { MatchSignals1764200000000 } from './1764200000000-match-signals';

/** Every migration, in order. Listed explicitly so compiled and ts-jest runs find the same set. */
export const ALL_MIGRATIONS = [
  InitialSchema1764130000000,
  RecommendationSchema1764140000000,
  CandidatePoolIndex1764150000000,
  DropCandidatePoolIndex1764160000000,
  ImpressionsWithoutForeignKeys1764170000000,
  ImpressionPages1764180000000,
  Webhooks1764190000000,
  MatchSignals1764200000000,
];
