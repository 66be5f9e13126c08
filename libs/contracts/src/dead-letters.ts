/** A dead letter as an admin lists it (GET /api/v1/admin/dead-letters): never its payload. */
export interface DeadLetterView {
  /** Its sequence number in the dead-letter stream: what to ask for, replay or discard. */
  seq: number;
  /** The durable consumer that gave up on it. */
  consumer: string;
  /** The event's subject. */
  subject: string;
  /** The event's sequence number in the event stream. */
  original_seq: number;
  /** Deliveries before the consumer gave up. */
  deliveries: number;
  /** The handler's last error (or why it never finished: a crash, a timeout). */
  error: string;
  dead_at: string;
  /** The request that caused the event, when known. */
  request_id: string | null;
}

/** One dead letter with its event's payload (ids only: events carry no profile fields). */
export interface DeadLetterDetail extends DeadLetterView {
  payload: unknown;
}
