/** The webhook deliveries' body, as the API document does not describe it (it is not a response). */

export type WebhookEventType = 'match.formed';

export interface WebhookEventData {
  /** Two people liked each other; the first id is the person whose like completed the match. */
  'match.formed': { user_ids: [number, number]; interaction_id: number; matched_at: string };
}

/** The JSON body of every delivery: the event's id (the same on every retry), type, time and data. */
export interface WebhookEnvelope<T extends WebhookEventType = WebhookEventType> {
  id: string;
  type: T;
  created_at: string;
  data: WebhookEventData[T];
}
