import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, IsUrl, MaxLength } from 'class-validator';
import {
  type CreateWebhookInput,
  MAX_WEBHOOK_URL_LENGTH,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
} from '@app/contracts';
import { OptionalNullable } from './optional';

/** A webhook as the app's backend registers it: where to POST, and which events. */
export class CreateWebhookDto implements CreateWebhookInput {
  @ApiProperty({
    example: 'https://backend.example.com/hooks/recsys',
    maxLength: MAX_WEBHOOK_URL_LENGTH,
    description: 'Where each event is POSTed (http or https)',
  })
  @IsString()
  @MaxLength(MAX_WEBHOOK_URL_LENGTH)
  // require_tld off: a backend in the same cluster is often http://backend:8080. No user:password@
  // in it: fetch refuses such a URL, and its error (password included) would reach the delivery log.
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false, disallow_auth: true },
    { message: 'url must be an http or https URL without credentials' },
  )
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENT_TYPES, isArray: true, example: ['match.formed'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(WEBHOOK_EVENT_TYPES, {
    each: true,
    message: `each value in events must be one of ${WEBHOOK_EVENT_TYPES.join(', ')}`,
  })
  events: WebhookEventType[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, example: 'push a notification on a match' })
  @OptionalNullable()
  @IsString()
  @MaxLength(200)
  description?: string | null;
}
