export * from './running-aggregates';
export * from './holdout';
export * from './embedding-eval';
export * from './ranker-set';
export * from './registry-rules';
export * from './fit-models';
export * from './two-phase-fit';
