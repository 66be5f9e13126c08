export * from './history';
export * from './pipeline-recommender';
