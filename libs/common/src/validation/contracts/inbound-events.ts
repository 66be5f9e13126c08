/** Schemas of the inbound events integrators publish (inbound.*, libs/contracts inbound.ts). */
import { Type } from 'class-transformer';
import { IsIn, IsISO8601, IsObject, IsString, Matches, ValidateNested } from 'class-validator';
import { INBOUND_EVENT_ID_PATTERN, MATCH_SIGNAL_KINDS, type EventPayload, type MatchSignalKind } from '@app/contracts';
import { SwipeDto } from '../swipe.dto';
import { IsId } from './fields';
import { UserChangesDto } from './user-requests';

const EVENT_ID_MESSAGE = 'event_id must be 1 to 200 visible ASCII characters';

/** The publisher's id of the event: the same id, however often it arrives, is applied once. */
const IsEventId = (): PropertyDecorator => (target, key) => {
  IsString()(target, key);
  Matches(INBOUND_EVENT_ID_PATTERN, { message: EVENT_ID_MESSAGE })(target, key);
};

/** A swipe or block made elsewhere: the API's swipe fields, who acted, and the event's id. */
export class InboundInteractionEvent extends SwipeDto implements EventPayload<'inbound.interaction'> {
  @IsEventId()
  event_id: string;

  @IsId()
  user_id: number;
}

export class InboundProfileEvent implements EventPayload<'inbound.profile'> {
  @IsEventId()
  event_id: string;

  @IsId()
  user_id: number;

  @IsObject()
  @ValidateNested()
  @Type(() => UserChangesDto)
  changes: UserChangesDto;
}

export class InboundSignalEvent implements EventPayload<'inbound.signal'> {
  @IsEventId()
  event_id: string;

  @IsIn(MATCH_SIGNAL_KINDS, { message: `kind must be one of ${MATCH_SIGNAL_KINDS.join(', ')}` })
  kind: MatchSignalKind;

  @IsId()
  user_id: number;

  @IsId()
  target_user_id: number;

  @IsISO8601({ strict: true })
  occurred_at: string;
}
