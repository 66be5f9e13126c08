/**
 * The `webhooks` and `webhook_deliveries` tables: registered endpoints, and one delivery per event
 * and endpoint, written in the transaction of the change it announces (the transactional outbox,
 * for HTTP) and kept as the delivery log. Raw SQL throughout: arrays, jsonb and the claim's
 * SKIP LOCKED, which TypeORM's builders do not express.
 */
import type { DataSource, EntityManager } from 'typeorm';
import type {
  ListDeliveriesQuery,
  Page,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
  WebhookEnvelope,
  WebhookEventType,
  WebhookView,
} from '@app/contracts';

/** A webhook as PostgreSQL returns it (without its secret). */
type WebhookRow = Omit<WebhookView, 'id' | 'created_at'> & { id: string; created_at: Date };

/** A delivery as PostgreSQL returns it: bigint ids as strings, times as Dates. */
type DeliveryRow = Omit<
  WebhookDeliveryView,
  'id' | 'webhook_id' | 'next_attempt_at' | 'created_at' | 'delivered_at'
> & {
  id: string;
  webhook_id: string;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
};

/** A delivery claimed for sending: where, with which secret, what, and how many attempts came before. */
export interface ClaimedDelivery {
  id: number;
  url: string;
  secret: string;
  eventType: WebhookEventType;
  body: WebhookEnvelope;
  attempts: number;
}

const DELIVERY_COLUMNS = `id, webhook_id, event_id, event_type, status, attempts, last_status, last_error,
  next_attempt_at, created_at, delivered_at`;
const LAST_ERROR_MAX = 500;

export class WebhooksRepository {
  constructor(private readonly ds: DataSource) {}

  async create(w: { url: string; events: WebhookEventType[]; description: string | null; secret: string }) {
    const rows: WebhookRow[] = await this.ds.query(
      `INSERT INTO webhooks (url, events, description, secret) VALUES ($1, $2, $3, $4)
       RETURNING id, url, events, description, active, created_at`,
      [w.url, w.events, w.description, w.secret],
    );
    return toWebhookView(rows[0]);
  }

  async count(): Promise<number> {
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM webhooks`);
    return n;
  }

  async list(): Promise<WebhookView[]> {
    const rows: WebhookRow[] = await this.ds.query(
      `SELECT id, url, events, description, active, created_at FROM webhooks ORDER BY id`,
    );
    return rows.map(toWebhookView);
  }

  /** Removes a webhook and its delivery log; false when there was none. */
  async delete(id: number): Promise<boolean> {
    const [, n] = (await this.ds.query(`DELETE FROM webhooks WHERE id = $1`, [id])) as [unknown, number];
    return n > 0;
  }

  /**
   * Inside the transaction of the change `envelope` announces: one pending delivery for every
   * active webhook that asked for its type. Returns how many.
   */
  async enqueue(m: EntityManager, envelope: WebhookEnvelope, userIds: readonly number[]): Promise<number> {
    const rows: unknown[] = await m.query(
      `INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body, user_ids)
       SELECT id, $1::uuid, $2::varchar, $3::jsonb, $4::integer[] FROM webhooks WHERE active AND $2::text = ANY (events)
       ON CONFLICT (webhook_id, event_id) DO NOTHING
       RETURNING id`,
      [envelope.id, envelope.type, JSON.stringify(envelope), userIds],
    );
    return rows.length;
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`: their next attempt moves past the lease, so
   * other replicas skip them while this one sends (SKIP LOCKED), and a sender that dies leaves them
   * due again when the lease ends (at least once).
   */
  async claimDue(limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    type Claimed = { id: string; url: string; secret: string; event_type: WebhookEventType; body: WebhookEnvelope };
    // An UPDATE's answer through TypeORM is [rows, count].
    const [rows] = (await this.ds.query(
      `WITH due AS (
           SELECT d.id FROM webhook_deliveries d
            WHERE d.status = 'pending' AND d.next_attempt_at <= now()
            ORDER BY d.next_attempt_at, d.id
            LIMIT $1
              FOR UPDATE SKIP LOCKED)
         UPDATE webhook_deliveries d
            SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
           FROM due, webhooks w
          WHERE d.id = due.id AND w.id = d.webhook_id
         RETURNING d.id, w.url, w.secret, d.event_type, d.body, d.attempts`,
      [limit, leaseMs],
    )) as [(Claimed & { attempts: number })[], number];
    return rows.map((r) => ({
      id: Number(r.id),
      url: r.url,
      secret: r.secret,
      eventType: r.event_type,
      body: r.body,
      attempts: r.attempts,
    }));
  }

  /** The outcome of one attempt: delivered, due again at `retryAt`, or failed for good (retryAt null). */
  async recordAttempt(
    id: number,
    outcome: { delivered: boolean; status: number | null; error: string | null; retryAt: Date | null },
  ): Promise<void> {
    const status: WebhookDeliveryStatus = outcome.delivered ? 'delivered' : outcome.retryAt ? 'pending' : 'failed';
    await this.ds.query(
      `UPDATE webhook_deliveries
          SET attempts = attempts + 1, status = $2::varchar, last_status = $3, last_error = $4,
              next_attempt_at = $5, delivered_at = CASE WHEN $2::varchar = 'delivered' THEN now() END
        WHERE id = $1`,
      [id, status, outcome.status, outcome.error?.slice(0, LAST_ERROR_MAX) ?? null, outcome.retryAt],
    );
  }

  async deliveries(q: ListDeliveriesQuery): Promise<Page<WebhookDeliveryView>> {
    const where = `webhook_id = $1 AND ($2::varchar IS NULL OR status = $2)`;
    const params = [q.webhook_id, q.status ?? null];
    const rows: DeliveryRow[] = await this.ds.query(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries WHERE ${where} ORDER BY id DESC LIMIT $3 OFFSET $4`,
      [...params, q.limit, q.offset],
    );
    const [{ n }] = await this.ds.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE ${where}`, params);
    return { items: rows.map(toDeliveryView), total: n, limit: q.limit, offset: q.offset };
  }

  /** Sends a delivery again from its first attempt (a failed one, or one to repeat); null when unknown. */
  async redeliver(webhookId: number, deliveryId: number): Promise<WebhookDeliveryView | null> {
    const [rows] = (await this.ds.query(
      `UPDATE webhook_deliveries
          SET status = 'pending', attempts = 0, next_attempt_at = now(), delivered_at = NULL
        WHERE id = $1 AND webhook_id = $2
        RETURNING ${DELIVERY_COLUMNS}`,
      [deliveryId, webhookId],
    )) as [DeliveryRow[], number];
    return rows[0] ? toDeliveryView(rows[0]) : null;
  }

  /** Deliveries waiting, and how long the oldest has waited (for the metrics). */
  async backlog(): Promise<{ pending: number; oldestAgeSeconds: number }> {
    const [r] = await this.ds.query(
      `SELECT count(*)::int AS pending, coalesce(extract(epoch FROM now() - min(created_at)), 0)::float AS age
         FROM webhook_deliveries WHERE status = 'pending'`,
    );
    return { pending: r.pending, oldestAgeSeconds: r.age };
  }

  /** Inside a user's deletion: removes every delivery about them, sent or not; returns how many. */
  static async deleteMentioning(m: EntityManager, userId: number): Promise<number> {
    const [, n] = (await m.query(`DELETE FROM webhook_deliveries WHERE user_ids @> ARRAY[$1]::integer[]`, [
      userId,
    ])) as [unknown, number];
    return n;
  }
}

function toWebhookView(r: WebhookRow): WebhookView {
  return {
    id: Number(r.id),
    url: r.url,
    events: r.events,
    description: r.description,
    active: r.active,
    created_at: r.created_at.toISOString(),
  };
}

function toDeliveryView(r: DeliveryRow): WebhookDeliveryView {
  return {
    id: Number(r.id),
    webhook_id: Number(r.webhook_id),
    event_id: r.event_id,
    event_type: r.event_type,
    status: r.status,
    attempts: r.attempts,
    last_status: r.last_status,
    last_error: r.last_error,
    next_attempt_at: r.status === 'pending' && r.next_attempt_at ? r.next_attempt_at.toISOString() : null,
    created_at: r.created_at.toISOString(),
    delivered_at: r.delivered_at?.toISOString() ?? null,
  };
}
