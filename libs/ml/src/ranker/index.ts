export * from './model';
export * from './metrics';
export * from './train';
