export * from './history';
export * from './two-stage-recommender';
