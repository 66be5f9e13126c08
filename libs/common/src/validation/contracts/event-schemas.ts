/**
 * The schema of every event's payload, in one table keyed like EventContract: every consumer
 * (EventConsumer) checks an event against it before its handler, and terminates one that does
 * not match. Complete and exact like the request table (rpc-schemas.ts).
 */
import { Type } from 'class-transformer';
import { JSONSchema } from 'class-validator-jsonschema';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsObject, Min, ValidateIf, ValidateNested } from 'class-validator';
import {
  MAX_USER_ID,
  SWIPE_TYPES,
  Subjects,
  type EventPayload,
  type EventSubject,
  type InteractionType,
  type InteractionView,
  type ModelKind,
} from '@app/contracts';
import { Nullable } from '../optional';
import { IsId } from './fields';
import { InboundInteractionEvent, InboundProfileEvent, InboundSignalEvent } from './inbound-events';
import type { NoneStale, StaleSchemas } from './mirrors';
import type { SchemaClass } from './rpc-schemas';

const MODEL_KINDS: readonly ModelKind[] = ['embeddings', 'ranker'];

/**
 * A version before ids-only user events published the whole profile (`{ user: { id, ... } }`);
 * during a rolling upgrade such an event may still arrive and is read for its id alone
 * (userIdOfEvent), so it passes when that id is one.
 */
function hasLegacyUserId(event: object): boolean {
  const user = (event as { user?: unknown }).user;
  if (typeof user !== 'object' || user === null) return false;
  const id = (user as { id?: unknown }).id;
  return typeof id === 'number' && Number.isInteger(id) && id >= 1 && id <= MAX_USER_ID;
}

/** events.user.created, events.user.updated: the user's id only (consumers read the profile from PostgreSQL). */
export class UserEvent implements EventPayload<'events.user.created'> {
  @ValidateIf((event: object) => !hasLegacyUserId(event))
  @IsId()
  user_id: number;
}

export class UserDeletedEvent implements EventPayload<'events.user.deleted'> {
  @IsId()
  user_id: number;
}

/** A stored interaction, as interaction-service announces it (ids of interactions are bigint: no 32-bit bound). */
export class InteractionViewDto implements InteractionView {
  @IsInt()
  @Min(1)
  id: number;

  @IsId()
  user_id: number;

  @IsId()
  target_user_id: number;

  @IsIn(SWIPE_TYPES, { message: `interaction_type must be one of ${SWIPE_TYPES.join(', ')}` })
  interaction_type: InteractionType;

  // For asyncapi.json: null is allowed (Nullable), which the schema converter cannot see.
  @JSONSchema(() => ({ type: ['object', 'null'], additionalProperties: true }))
  @Nullable()
  @IsObject()
  context: Record<string, unknown> | null;

  @IsISO8601({ strict: true })
  created_at: string;
}

export class InteractionCreatedEvent implements EventPayload<'events.interaction.created'> {
  @IsObject()
  @ValidateNested()
  @Type(() => InteractionViewDto)
  interaction: InteractionViewDto;

  @IsBoolean()
  is_match: boolean;
}

export class ModelActivatedEvent implements EventPayload<'events.model.activated'> {
  @IsIn(MODEL_KINDS, { message: `kind must be one of ${MODEL_KINDS.join(', ')}` })
  kind: ModelKind;

  @IsInt()
  @Min(1)
  version: number;
}

export class BulkImportedEvent implements EventPayload<'events.bulk.imported'> {
  @IsInt()
  @Min(0)
  users: number;

  @IsInt()
  @Min(0)
  interactions: number;
}

export const EVENT_SCHEMAS = {
  [Subjects.events.userCreated]: UserEvent,
  [Subjects.events.userUpdated]: UserEvent,
  [Subjects.events.userDeleted]: UserDeletedEvent,
  [Subjects.events.interactionCreated]: InteractionCreatedEvent,
  [Subjects.events.modelActivated]: ModelActivatedEvent,
  [Subjects.events.bulkImported]: BulkImportedEvent,
  [Subjects.inbound.interaction]: InboundInteractionEvent,
  [Subjects.inbound.profile]: InboundProfileEvent,
  [Subjects.inbound.signal]: InboundSignalEvent,
} as const satisfies { [S in EventSubject]: SchemaClass };

/** Fails to compile, naming the subjects, while a schema no longer mirrors its event's payload. */
const _everyEventSchemaMirrorsItsContract: NoneStale<
  StaleSchemas<typeof EVENT_SCHEMAS, { [S in EventSubject]: EventPayload<S> }>
> = true;

/** The schema of `subject`'s payload, or undefined for a subject with none. */
export function eventSchemaOf(subject: string): SchemaClass | undefined {
  return Object.hasOwn(EVENT_SCHEMAS, subject) ? EVENT_SCHEMAS[subject as EventSubject] : undefined;
}
