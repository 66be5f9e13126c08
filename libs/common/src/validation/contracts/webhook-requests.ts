/** Schemas of the webhooks' requests (webhooks.*); creation reuses the API's DTO. */
import { IsIn, IsInt, Max, Min } from 'class-validator';
import {
  WEBHOOK_DELIVERY_STATUSES,
  type ListDeliveriesQuery,
  type RpcRequest,
  type WebhookDeliveryStatus,
} from '@app/contracts';
import { OptionalNotNull } from '../optional';
import { PageRequest } from './fields';

/** A row id of the webhook tables: a positive integer (ids are bigint, far below 2^53). */
const IsRowId = (): PropertyDecorator => (target, key) => {
  IsInt()(target, key);
  Min(1)(target, key);
  Max(Number.MAX_SAFE_INTEGER)(target, key);
};

export class WebhookIdRequest implements RpcRequest<'webhooks.delete'> {
  @IsRowId()
  id: number;
}

export class ListDeliveriesRequest extends PageRequest implements ListDeliveriesQuery {
  @IsRowId()
  webhook_id: number;

  @OptionalNotNull()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class RedeliverRequest implements RpcRequest<'webhooks.redeliver'> {
  @IsRowId()
  webhook_id: number;

  @IsRowId()
  delivery_id: number;
}
