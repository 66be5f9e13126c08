/**
 * Algorithm registry: maps a `--algorithms` name to a factory. The baselines are built in; a new
 * stage of the real recommender joins the comparison with one line, e.g. in
 * tools/evaluate/algorithms.ts:
 *
 *   registerAlgorithm('two-tower', (ctx) => new TwoTowerRecommender({ seed: ctx.seed }));
 */
import type { UserView } from '@app/contracts/users/user.types';
import { BiasRecommender } from '../baselines/bias';
import { IalsRecommender } from '../baselines/ials';
import { ItemKnnRecommender } from '../baselines/itemknn';
import { PopularityRecommender } from '../baselines/popularity';
import { RandomRecommender } from '../baselines/random';
import { TruthRecommender, type TruthRows } from '../baselines/truth';
import type { OfflineRecommender } from './recommender';

/** What a factory may use to build its algorithm. */
export interface AlgorithmContext {
  seed: number;
  /** Raw users.jsonl records, when given. */
  users: UserView[] | null;
  /**
   * The generator's hidden like probability, one actor against many targets, when --truth was
   * given (shared with the evaluator, so computed once).
   */
  truthRows: TruthRows | null;
  /** The same without the pairwise taste part (truth-source.ts). */
  truthWithoutTasteRows: TruthRows | null;
  /** Progress lines for stderr (a no-op under --quiet). */
  log: (line: string) => void;
}

/** Builds one algorithm instance for one evaluation run. */
export type AlgorithmFactory = (ctx: AlgorithmContext) => OfflineRecommender | Promise<OfflineRecommender>;

const registry = new Map<string, AlgorithmFactory>();

/** Makes `name` selectable with --algorithms; registering a name again replaces it. */
export function registerAlgorithm(name: string, factory: AlgorithmFactory): void {
  if (!/^[a-z0-9][a-z0-9_.-]*$/i.test(name)) throw new Error(`invalid algorithm name "${name}"`);
  registry.set(name, factory);
}

/** Registered algorithm names, in registration order. */
export function algorithmNames(): string[] {
  return [...registry.keys()];
}

/** Builds the algorithm registered as `name`. */
export async function createAlgorithm(name: string, ctx: AlgorithmContext): Promise<OfflineRecommender> {
  const factory = registry.get(name);
  if (!factory) throw new Error(`unknown algorithm "${name}" (registered: ${algorithmNames().join(', ')})`);
  return factory(ctx);
}

registerAlgorithm('random', (ctx) => new RandomRecommender(ctx.seed));
registerAlgorithm('popularity', () => new PopularityRecommender());
registerAlgorithm('itemknn', () => new ItemKnnRecommender());
registerAlgorithm('bias', () => new BiasRecommender(false));
registerAlgorithm('bias-reciprocal', () => new BiasRecommender(true));
// The reference implicit MF (exact solves, likes only), a yardstick for the collaborative stage.
registerAlgorithm('ials', (ctx) => new IalsRecommender({ seed: ctx.seed }));
registerAlgorithm('truth', (ctx) => {
  if (!ctx.truthRows) throw new Error('algorithm "truth" needs --truth (and --users)');
  return new TruthRecommender('truth', ctx.truthRows);
});
// The ceiling of a model that learns no pairwise taste: appeal and selectivity known exactly.
registerAlgorithm('truth-no-taste', (ctx) => {
  if (!ctx.truthWithoutTasteRows) throw new Error('algorithm "truth-no-taste" needs --truth (and --users)');
  return new TruthRecommender('truth-no-taste', ctx.truthWithoutTasteRows);
});
