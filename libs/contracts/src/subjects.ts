/**
 * Every NATS request/reply subject. WARNING: these strings are a wire contract between
 * deployables that may run different versions during a rollout; add, never rename.
 */
export const Subjects = {
  users: {
    create: 'users.create',
    createBatch: 'users.create-batch',
    get: 'users.get',
    update: 'users.update',
    delete: 'users.delete',
    list: 'users.list',
    searchActive: 'users.search.active',
    searchByInterest: 'users.search.by-interest',
  },
  interactions: {
    create: 'interactions.create',
    createBatch: 'interactions.create-batch',
    list: 'interactions.list',
    stats: 'interactions.stats',
    mutual: 'interactions.mutual',
    recent: 'interactions.recent',
    timeline: 'interactions.timeline',
    matches: 'interactions.matches',
  },
  /** Per-service health and metrics: `<service>.health.ping`, `<service>.health.metrics`. */
  health: {
    ping: (service: string) => `${service}.health.ping` as const,
    metrics: (service: string) => `${service}.health.metrics` as const,
  },
} as const;
