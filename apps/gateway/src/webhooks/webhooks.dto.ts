import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import {
  WEBHOOK_DELIVERY_STATUSES,
  WEBHOOK_EVENT_TYPES,
  type CreatedWebhookView,
  type WebhookDeliveryStatus,
  type WebhookDeliveryView,
  type WebhookEventType,
  type WebhookView,
} from '@app/contracts';
import { PageQueryDto } from '../http/page-query.dto';

export class DeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: WEBHOOK_DELIVERY_STATUSES, description: 'Only the deliveries in this state' })
  @IsOptional()
  @IsIn(WEBHOOK_DELIVERY_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class WebhookResponse implements WebhookView {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ example: 'https://backend.example.com/hooks/recsys' }) url: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['match.formed'] }) events: WebhookEventType[];
  @ApiPropertyOptional({ type: String, nullable: true, example: 'push a notification on a match' })
  description: string | null;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ example: '2026-12-08T10:00:00.000Z' }) created_at: string;
}

export class CreatedWebhookResponse extends WebhookResponse implements CreatedWebhookView {
  @ApiProperty({
    example: 'whsec_3f1c…',
    description: 'The signing secret: shown this once; keep it to verify X-Recsys-Signature',
  })
  secret: string;
}

export class WebhookListResponse {
  @ApiProperty({ type: [WebhookResponse] }) items: WebhookResponse[];
}

export class DeletedWebhookResponse {
  @ApiProperty({ example: 1 }) id: number;
  @ApiProperty({ enum: [true], example: true }) deleted: true;
}

export class WebhookDeliveryResponse implements WebhookDeliveryView {
  @ApiProperty({ example: 17 }) id: number;
  @ApiProperty({ example: 1 }) webhook_id: number;
  @ApiProperty({
    example: '0b6f9a4e-2d7c-4f7e-9a51-6c0f1d3e2a10',
    description: "The event's id, the same on every attempt",
  })
  event_id: string;
  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, example: 'match.formed' }) event_type: WebhookEventType;
  @ApiProperty({ enum: WEBHOOK_DELIVERY_STATUSES, example: 'delivered' }) status: WebhookDeliveryStatus;
  @ApiProperty({ example: 1 }) attempts: number;
  @ApiPropertyOptional({ type: Number, nullable: true, example: 200, description: "The receiver's last HTTP status" })
  last_status: number | null;
  @ApiPropertyOptional({ type: String, nullable: true, example: null, description: 'Why the last attempt failed' })
  last_error: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: null,
    description: 'When a pending delivery is tried next',
  })
  next_attempt_at: string | null;
  @ApiProperty({ example: '2026-12-08T10:00:00.000Z' }) created_at: string;
  @ApiPropertyOptional({ type: String, nullable: true, example: '2026-12-08T10:00:00.120Z' }) delivered_at:
    string | null;
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items: WebhookDeliveryResponse[];
  @ApiProperty({ example: 1 }) total: number;
  @ApiProperty({ example: 20 }) limit: number;
  @ApiProperty({ example: 0 }) offset: number;
}
