/**
 * Checks a request or an event payload against its subject's schema (rpc-schemas.ts,
 * event-schemas.ts) and reports every problem as FieldError entries, `{ field, reasons }` with
 * dotted paths, the shape the gateway reports over HTTP. Pure (no Nest, no NATS).
 *
 * Nothing is converted: a payload arrives as JSON, which already carries the types the
 * handlers take (numbers, strings, booleans, ISO times as strings), so a string is never taken
 * for a number. A handler receives the payload as it came, once it passed.
 */
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { DomainError, ErrorCode, type FieldError } from '@app/contracts';
import { toFieldErrors } from '../field-errors';
import { eventSchemaOf } from './event-schemas';
import { FAST_ACCEPT } from './fast-accept';
import { requestSchemaOf, type SchemaClass } from './rpc-schemas';

/**
 * A request may carry only its contract's fields: an unknown one is refused, as over HTTP.
 * (forbidUnknownValues is off because every payload is first made an instance of its schema,
 * and a schema without fields, EmptyRequest, must refuse every field rather than everything.)
 */
const REQUEST_RULES: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

/**
 * An event's known fields must be valid, but a field the consumer does not know is ignored
 * (not even stripped, so a rule may look at it: see UserEvent): events are facts already
 * committed, and a publisher one version ahead during a rollout may add a field (contracts
 * add, never rename), which must not get its events terminated.
 */
const EVENT_RULES: ValidatorOptions = { ...REQUEST_RULES, whitelist: false, forbidNonWhitelisted: false };

/** A VALIDATION_FAILED error naming every field and its reasons, worded as the gateway words it. */
export function validationFailed(details: FieldError[]): DomainError {
  const message = details.map((d) => `${d.field}: ${d.reasons.join(', ')}`).join('; ');
  return new DomainError(ErrorCode.ValidationFailed, message, details);
}

/**
 * Throws VALIDATION_FAILED when `data` is not a valid request of `subject`. A subject's hand
 * accept check (fast-accept.ts), if it has one, answers for the payloads it knows valid.
 */
export function checkRequest(subject: string, data: unknown): void {
  const fast = FAST_ACCEPT[subject as keyof typeof FAST_ACCEPT];
  if (fast && isObject(data) && fast(data as Record<string, unknown>)) return;
  const problems = requestProblems(subject, data);
  if (problems.length) throw validationFailed(problems);
}

/** What the schema class of `subject` finds wrong with `data` (nothing: valid); a subject without a schema is a bug. */
export function requestProblems(subject: string, data: unknown): FieldError[] {
  const schema = requestSchemaOf(subject);
  if (!schema) throw new Error(`no request schema for ${subject} (libs/common/src/validation/contracts)`);
  return payloadProblems(schema, data, REQUEST_RULES);
}

/** What is wrong with `payload` as an event of `subject` (nothing: valid). */
export function eventProblems(subject: string, payload: unknown): FieldError[] {
  const schema = eventSchemaOf(subject);
  if (!schema) return [{ field: 'subject', reasons: ['no schema for this event subject'] }];
  return payloadProblems(schema, payload, EVENT_RULES);
}

function payloadProblems(schema: SchemaClass, payload: unknown, rules: ValidatorOptions): FieldError[] {
  if (!isObject(payload)) return [{ field: 'payload', reasons: ['must be a JSON object'] }];
  const reserved = reservedKeys(payload, '', []);
  if (reserved.length) return reserved;
  return toFieldErrors(validateSync(plainToInstance(schema, payload), rules));
}

const isObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Keys an object inherits from Object.prototype (`__proto__`, `constructor`, `toString`...):
 * class-transformer skips them or, for `__proto__`, swaps the instance's prototype, so the
 * schema would never see them. No contract field is named so; each is refused as unknown,
 * at any depth.
 */
function reservedKeys(value: object, path: string, out: FieldError[]): FieldError[] {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'object' && item !== null) reservedKeys(item, `${path}.${i}`, out);
    }
    return out;
  }
  for (const key of Object.keys(value)) {
    const field = path ? `${path}.${key}` : key;
    if (key in Object.prototype) out.push({ field, reasons: ['unknown field'] });
    const item: unknown = (value as Record<string, unknown>)[key];
    if (typeof item === 'object' && item !== null) reservedKeys(item, field, out);
  }
  return out;
}
