/** The deployables. Each one subscribes to its subjects with a NATS queue group named after it. */
export const SERVICE_NAMES = [
  'user-service',
  'interaction-service',
  'feature-service',
  'candidate-service',
  'ranking-service',
  'trainer',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
