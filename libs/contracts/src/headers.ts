/** Header carrying the request id over HTTP and NATS, so one id appears in every log line. */
export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Who is asking, as the gateway authenticated it: `admin` (the app's backend, which sees
 * everything) or `user` (one person, who sees only what SECURITY.md allows about others). A
 * service shapes each reply by it; a request without it is answered as for a user, the least
 * that can be shown. Only the gateway's bus credentials may call the subjects that read it.
 */
export const CALLER_ROLE_HEADER = 'x-caller-role';

export const CALLER_ROLES = ['user', 'admin'] as const;
export type CallerRole = (typeof CALLER_ROLES)[number];

/** Headers of a dead letter (its payload is the event's, byte for byte). */
export const DEAD_LETTER_HEADERS = {
  /** The event's subject, by which it is validated and handled again on replay. */
  subject: 'recsys-original-subject',
  /** Its sequence number in the event stream. */
  seq: 'recsys-original-seq',
  /** How many times it was delivered before the consumer gave up. */
  deliveries: 'recsys-deliveries',
  /** Why the consumer gave up (the handler's last error, without data). */
  error: 'recsys-error',
} as const;
