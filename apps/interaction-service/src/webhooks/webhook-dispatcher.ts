import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Counter } from 'prom-client';
import { LatencyMetrics, PollLoop, scrapeGauge } from '@app/common';
import { WebhookHeaders } from '@app/contracts';
import { type ClaimedDelivery, WebhooksRepository } from '@app/db';
import { InteractionConfig } from '../interaction.config';
import { nextAttemptAt } from './retry-schedule';
import { signWebhook } from './webhook-signature';

/** Deliveries sent at once per pass. */
const BATCH = 20;
const IDLE_POLL_MS = 1000;
const RETRY_MS = 5000;

/**
 * Sends the webhook deliveries that are due, after the transaction that wrote them committed: a
 * POST of the event's JSON, signed, with the event's type and the delivery's id in headers. A 2xx
 * answer delivers it; anything else (another status, no answer in time, a refused connection, a
 * redirect, which is not followed) schedules the next attempt (retry-schedule.ts), until the
 * last, which marks it failed. Each pass claims its rows with a lease, so replicas share the work
 * and a replica that dies mid-send leaves its rows to the others: at least once, never lost.
 */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(WebhookDispatcher.name);
  private readonly loop = new PollLoop(() => this.pass(), {
    batch: BATCH,
    idleMs: IDLE_POLL_MS,
    retryMs: RETRY_MS,
    onError: (err) => this.logger.warn(`webhook pass failed, retrying: ${err.message}`),
  });
  private readonly outcomes: Counter<'outcome'>;

  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly config: InteractionConfig,
    metrics: LatencyMetrics,
  ) {
    this.outcomes = new Counter({
      name: 'webhook_attempts_total',
      help: 'Webhook delivery attempts by outcome (delivered, retry: will be sent again, failed: gave up)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    // Every outcome from 0: a series born at its first increment shows no increase() for it.
    for (const outcome of ['delivered', 'retry', 'failed']) this.outcomes.inc({ outcome }, 0);
    const backlog = () => this.webhooks.backlog();
    scrapeGauge({
      name: 'webhook_pending_deliveries',
      help: 'Webhook deliveries not yet delivered nor given up on',
      registry: metrics.registry,
      read: async () => (await backlog()).pending,
    });
    scrapeGauge({
      name: 'webhook_oldest_pending_age_seconds',
      help: 'Age of the oldest pending webhook delivery (0 when none): a receiver down or slow',
      registry: metrics.registry,
      read: async () => (await backlog()).oldestAgeSeconds,
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** Asks for a pass now (after a commit that wrote deliveries, or a redelivery). */
  kick(): void {
    this.loop.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Sends up to one batch of due deliveries; returns how many. */
  async pass(): Promise<number> {
    // The lease outlasts the slowest answer, so no other replica sends the same row meanwhile.
    const claimed = await this.webhooks.claimDue(BATCH, 2 * this.config.WEBHOOK_TIMEOUT_MS + 5000);
    await Promise.all(claimed.map((d) => this.deliver(d)));
    return claimed.length;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const body = JSON.stringify(d.body);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'recsys-webhooks/1',
          [WebhookHeaders.signature]: signWebhook(d.secret, body),
          [WebhookHeaders.event]: d.eventType,
          [WebhookHeaders.delivery]: String(d.id),
        },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.WEBHOOK_TIMEOUT_MS),
      });
      status = res.status;
      await res.body?.cancel();
      if (status < 200 || status >= 300) error = `the receiver answered ${status}`;
    } catch (err) {
      const e = err as Error & { cause?: { code?: string } };
      error =
        e.name === 'TimeoutError'
          ? `no answer within ${this.config.WEBHOOK_TIMEOUT_MS} ms`
          : (e.cause?.code ?? e.message);
    }
    const delivered = error === null;
    const c = this.config;
    const retryAt = delivered
      ? null
      : nextAttemptAt(d.attempts + 1, c.WEBHOOK_MAX_ATTEMPTS, c.WEBHOOK_RETRY_BASE_MS, Date.now());
    await this.webhooks.recordAttempt(d.id, { delivered, status, error, retryAt });
    this.outcomes.inc({ outcome: delivered ? 'delivered' : retryAt ? 'retry' : 'failed' });
    if (!delivered && !retryAt) this.logger.warn(`webhook delivery ${d.id} failed for good: ${error}`);
  }
}
