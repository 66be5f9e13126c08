/**
 * How durable consumers retry a failing event before it becomes a dead letter (event-consumer.ts).
 * Pure, so the config (EVENT_MAX_DELIVERIES, EVENT_REDELIVERY_BACKOFF_MS) takes its defaults from
 * here without loading the consumer.
 */
/** How often a durable consumer tries an event, and how long it waits in between. */
export interface RedeliveryPolicy {
  /**
   * Deliveries of one event before the consumer gives up on it and records it as a dead letter
   * (dead-letters.ts): a poisonous event, or a dependency down for longer than the backoff
   * covers, stops being retried instead of forever.
   */
  maxDeliveries: number;
  /** The wait before each redelivery of a failed event: after the 1st failure, the 2nd...; the last repeats. */
  backoffMs: readonly number[];
}

/** Five deliveries over about 80 s (EVENT_MAX_DELIVERIES, EVENT_REDELIVERY_BACKOFF_MS). */
export const DEFAULT_REDELIVERY: RedeliveryPolicy = { maxDeliveries: 5, backoffMs: [1000, 5000, 15_000, 60_000] };
