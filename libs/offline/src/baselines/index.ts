export { RandomRecommender } from './random';
export { PopularityRecommender } from './popularity';
export { ItemKnnRecommender } from './itemknn';
export { TruthRecommender, truthRows, type TruthRows } from './truth';
export { BiasRecommender } from './bias';
export { IalsRecommender, DEFAULT_IALS_OPTIONS, type IalsOptions } from './ials';
