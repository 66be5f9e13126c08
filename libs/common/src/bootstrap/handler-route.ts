/**
 * The handler route of an incoming NATS subject. Nest's server first tries `JSON.parse` on every
 * subject, since a pattern may be an object (`{"cmd":"x"}`); a plain subject such as
 * `candidates.generate` makes it throw, and building that SyntaxError (with its stack) was 1–1.5%
 * of each service's CPU under load. A subject registered as it is needs no parsing: its route
 * is itself. Anything else (an object pattern, an unknown subject) takes Nest's way, `fallback`.
 */
export function handlerRoute(
  subject: string,
  registered: { has(route: string): boolean },
  fallback: (subject: string) => string,
): string {
  return registered.has(subject) ? subject : fallback(subject);
}
