/**
 * Redis is shared by every deployment on a host (a developer's `npm start`, each test run with its
 * own database), while user ids restart at 1 in every database. Keys are therefore namespaced by
 * the PostgreSQL database the deployment uses, unless REDIS_KEY_PREFIX names a namespace.
 */
export function redisNamespace(databaseUrl: string, explicit = process.env.REDIS_KEY_PREFIX): string {
  if (explicit) return explicit.endsWith(':') ? explicit : `${explicit}:`;
  let database = 'recsys';
  try {
    database = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, '')) || database;
  } catch {
    // An unparsable URL fails at the database connection anyway; keep the default namespace.
  }
  return `recsys:${database}:`;
}
