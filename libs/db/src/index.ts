export * from './data-source';
export * from './database';
export * from './entities';
export * from './repositories';
export * from './db.module';
export * from './repositories/model-versions.repository';
export * from './repositories/outbox-events.repository';
