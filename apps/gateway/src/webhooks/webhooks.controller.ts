import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { RpcClient } from '@app/common';
import { CreateWebhookDto } from '@app/common/validation/create-webhook.dto';
import {
  Subjects,
  type CreatedWebhookView,
  type Page,
  type WebhookDeliveryView,
  type WebhookView,
} from '@app/contracts';
import { AdminOnly } from '../auth/principal';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ApiErrors } from '../http/error.response';
import { RowIdPipe } from '../http/row-id.pipe';
import {
  CreatedWebhookResponse,
  DeletedWebhookResponse,
  DeliveriesQueryDto,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookListResponse,
} from './webhooks.dto';

/**
 * Webhooks, for the app's backend only: the endpoints it registers to be told of events (a match
 * formed) without a NATS connection, and the log of each delivery (docs/events.md).
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @AdminOnly()
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Register a webhook (admin): events are POSTed to its URL, signed with the secret this answer shows once',
  })
  @ApiCreatedResponse({ type: CreatedWebhookResponse })
  @ApiErrors(400, 403, 409, 503)
  create(@Body() body: CreateWebhookDto, @CurrentCaller() caller: Caller): Promise<CreatedWebhookView> {
    return this.rpc.send(Subjects.webhooks.create, body, caller);
  }

  @Get()
  @AdminOnly()
  @ApiOperation({ operationId: 'listWebhooks', summary: 'Every webhook (admin), without its secret' })
  @ApiOkResponse({ type: WebhookListResponse })
  @ApiErrors(403, 503)
  list(@CurrentCaller() caller: Caller): Promise<{ items: WebhookView[] }> {
    return this.rpc.send(Subjects.webhooks.list, {}, caller);
  }

  @Delete(':webhook_id')
  @AdminOnly()
  @ApiOperation({ operationId: 'deleteWebhook', summary: 'Delete a webhook and its delivery log (admin)' })
  @ApiOkResponse({ type: DeletedWebhookResponse })
  @ApiErrors(400, 403, 404, 503)
  delete(
    @Param('webhook_id', RowIdPipe) id: number,
    @CurrentCaller() caller: Caller,
  ): Promise<{ id: number; deleted: true }> {
    return this.rpc.send(Subjects.webhooks.delete, { id }, caller);
  }

  @Get(':webhook_id/deliveries')
  @AdminOnly()
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: "A webhook's delivery log, newest first (admin): state, attempts, the receiver's last answer",
  })
  @ApiOkResponse({ type: WebhookDeliveryPageResponse })
  @ApiErrors(400, 403, 404, 503)
  deliveries(
    @Param('webhook_id', RowIdPipe) webhookId: number,
    @Query() q: DeliveriesQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<Page<WebhookDeliveryView>> {
    const query = {
      webhook_id: webhookId,
      limit: q.limit,
      offset: q.offset,
      ...(q.status ? { status: q.status } : {}),
    };
    return this.rpc.send(Subjects.webhooks.deliveries, query, caller);
  }

  @Post(':webhook_id/deliveries/:delivery_id/redeliver')
  @AdminOnly()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayWebhookDelivery',
    summary: 'Send a delivery again from its first attempt (admin): a failed one, once the receiver is fixed',
  })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse })
  @ApiErrors(400, 403, 404, 503)
  redeliver(
    @Param('webhook_id', RowIdPipe) webhookId: number,
    @Param('delivery_id', RowIdPipe) deliveryId: number,
    @CurrentCaller() caller: Caller,
  ): Promise<WebhookDeliveryView> {
    return this.rpc.send(Subjects.webhooks.redeliver, { webhook_id: webhookId, delivery_id: deliveryId }, caller);
  }
}
