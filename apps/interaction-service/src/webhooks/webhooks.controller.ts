import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Subjects, type RpcReply, type RpcRequest } from '@app/contracts';
import { WebhooksService } from './webhooks.service';

/** NATS handlers of the webhooks' admin API (the gateway allows them to admins only). */
@Controller()
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @MessagePattern(Subjects.webhooks.create)
  create(@Payload() input: RpcRequest<'webhooks.create'>): Promise<RpcReply<'webhooks.create'>> {
    return this.webhooks.create(input);
  }

  @MessagePattern(Subjects.webhooks.list)
  list(): Promise<RpcReply<'webhooks.list'>> {
    return this.webhooks.list();
  }

  @MessagePattern(Subjects.webhooks.delete)
  delete(@Payload() { id }: RpcRequest<'webhooks.delete'>): Promise<RpcReply<'webhooks.delete'>> {
    return this.webhooks.delete(id);
  }

  @MessagePattern(Subjects.webhooks.deliveries)
  deliveries(@Payload() q: RpcRequest<'webhooks.deliveries'>): Promise<RpcReply<'webhooks.deliveries'>> {
    return this.webhooks.deliveries(q);
  }

  @MessagePattern(Subjects.webhooks.redeliver)
  redeliver(@Payload() q: RpcRequest<'webhooks.redeliver'>): Promise<RpcReply<'webhooks.redeliver'>> {
    return this.webhooks.redeliver(q.webhook_id, q.delivery_id);
  }
}
