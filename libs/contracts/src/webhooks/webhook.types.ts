/**
 * Contracts of the webhooks (owned by interaction-service's webhooks feature): the endpoints an
 * app backend registers, the events it can ask for, the delivery log, and what each delivery
 * POSTs. WARNING: event type names, payload fields and the signature header are contracts with
 * every subscriber; add, never rename.
 */
import type { Page } from '../users/user.messages';
import { Subjects } from '../subjects';

/** What a webhook can subscribe to. */
export const WEBHOOK_EVENT_TYPES = ['match.formed'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** The data of each event type, as the delivery's `data` carries it. */
export interface WebhookEventData {
  /** Two people liked each other: the second like (its id and time) completed the match. */
  'match.formed': { user_ids: [number, number]; interaction_id: number; matched_at: string };
}

/** The body of every delivery (JSON): the event's id (the same on every retry), type, time and data. */
export interface WebhookEnvelope<T extends WebhookEventType = WebhookEventType> {
  id: string;
  type: T;
  created_at: string;
  data: WebhookEventData[T];
}

/**
 * The request headers of a delivery. The signature is `t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<raw body>" under the webhook's secret>`: a receiver recomputes it, compares in constant
 * time and refuses an old `t` (a replay).
 */
export const WebhookHeaders = {
  signature: 'X-Recsys-Signature',
  event: 'X-Recsys-Event',
  delivery: 'X-Recsys-Delivery',
} as const;

export const MAX_WEBHOOK_URL_LENGTH = 2048;
export const MAX_WEBHOOKS = 100;

export interface CreateWebhookInput {
  url: string;
  events: WebhookEventType[];
  description?: string | null;
}

export interface WebhookView {
  id: number;
  url: string;
  events: WebhookEventType[];
  description: string | null;
  active: boolean;
  created_at: string;
}

/** A webhook as created: the only time its signing secret is shown. */
export interface CreatedWebhookView extends WebhookView {
  secret: string;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed';
export const WEBHOOK_DELIVERY_STATUSES: readonly WebhookDeliveryStatus[] = ['pending', 'delivered', 'failed'];

/** One event for one webhook: the delivery log's row. */
export interface WebhookDeliveryView {
  id: number;
  webhook_id: number;
  event_id: string;
  event_type: WebhookEventType;
  status: WebhookDeliveryStatus;
  attempts: number;
  /** The receiver's last HTTP status (null: no answer, see last_error). */
  last_status: number | null;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface ListDeliveriesQuery {
  webhook_id: number;
  status?: WebhookDeliveryStatus;
  limit: number;
  offset: number;
}

type Rpc<Req, Rep> = { request: Req; reply: Rep };
export type WebhookRpcs = {
  [Subjects.webhooks.create]: Rpc<CreateWebhookInput, CreatedWebhookView>;
  [Subjects.webhooks.list]: Rpc<Record<string, never>, { items: WebhookView[] }>;
  [Subjects.webhooks.delete]: Rpc<{ id: number }, { id: number; deleted: true }>;
  [Subjects.webhooks.deliveries]: Rpc<ListDeliveriesQuery, Page<WebhookDeliveryView>>;
  [Subjects.webhooks.redeliver]: Rpc<{ webhook_id: number; delivery_id: number }, WebhookDeliveryView>;
};
