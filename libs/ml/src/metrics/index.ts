export * from './ranking';
export * from './auc';
export * from './exposure';
export * from './topk';
