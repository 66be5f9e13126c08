import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { randomUUID } from 'node:crypto';
import {
  DomainError,
  ErrorCode,
  MAX_WEBHOOKS,
  type CreatedWebhookView,
  type CreateWebhookInput,
  type InteractionView,
  type ListDeliveriesQuery,
  type Page,
  type WebhookDeliveryView,
  type WebhookEnvelope,
  type WebhookView,
} from '@app/contracts';
import { WebhooksRepository } from '@app/db';
import { WebhookDispatcher } from './webhook-dispatcher';
import { newWebhookSecret } from './webhook-signature';

/** Registers webhooks, writes their deliveries with the changes they announce, and shows the delivery log. */
@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  async create(input: CreateWebhookInput): Promise<CreatedWebhookView> {
    if ((await this.webhooks.count()) >= MAX_WEBHOOKS)
      throw new DomainError(ErrorCode.Conflict, `at most ${MAX_WEBHOOKS} webhooks; delete one first`);
    const secret = newWebhookSecret();
    const view = await this.webhooks.create({ ...input, description: input.description ?? null, secret });
    return { ...view, secret };
  }

  async list(): Promise<{ items: WebhookView[] }> {
    return { items: await this.webhooks.list() };
  }

  async delete(id: number): Promise<{ id: number; deleted: true }> {
    if (!(await this.webhooks.delete(id))) throw DomainError.notFound('webhook', id);
    return { id, deleted: true };
  }

  async deliveries(q: ListDeliveriesQuery): Promise<Page<WebhookDeliveryView>> {
    if (!(await this.webhooks.list()).some((w) => w.id === q.webhook_id))
      throw DomainError.notFound('webhook', q.webhook_id);
    return this.webhooks.deliveries(q);
  }

  async redeliver(webhookId: number, deliveryId: number): Promise<WebhookDeliveryView> {
    const delivery = await this.webhooks.redeliver(webhookId, deliveryId);
    if (!delivery) throw DomainError.notFound(`delivery of webhook ${webhookId}`, deliveryId);
    this.dispatcher.kick();
    return delivery;
  }

  /**
   * Inside the swipe's transaction: a match.formed delivery for every webhook that wants one. The
   * first user id is the person whose like completed the match.
   */
  async matchFormed(m: EntityManager, completing: InteractionView): Promise<void> {
    const envelope: WebhookEnvelope<'match.formed'> = {
      id: randomUUID(),
      type: 'match.formed',
      created_at: completing.created_at,
      data: {
        user_ids: [completing.user_id, completing.target_user_id],
        interaction_id: completing.id,
        matched_at: completing.created_at,
      },
    };
    await this.webhooks.enqueue(m, envelope, envelope.data.user_ids);
  }

  /** After the commit of a change that may have written deliveries. */
  kick(): void {
    this.dispatcher.kick();
  }
}
