export * from './rerank';
