export * from './check-payload';
export * from './event-schemas';
export * from './rpc-schemas';
export * from './fast-accept';
