import { type ArgumentMetadata, BadRequestException, ValidationPipe } from '@nestjs/common';
import { ErrorCode, type FieldError } from '@app/contracts';
import { toFieldErrors } from '@app/common/validation/field-errors';

/** A 400 naming every bad field and why. */
export function validationFailed(details: FieldError[]): BadRequestException {
  const message = details.map((d) => `${d.field}: ${d.reasons.join(', ')}`).join('; ');
  return new BadRequestException({ error: ErrorCode.ValidationFailed, message, details });
}

/**
 * Strict validation: unknown fields are rejected (not silently dropped), nothing is converted
 * implicitly (a string is not a number), and every problem is reported at once.
 */
export function strictValidationPipe(): ValidationPipe {
  return new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => validationFailed(toFieldErrors(errors)),
  });
}

/** Leaves path parameters as the raw strings, so their own pipes (UserIdPipe) can report them. */
class StrictValidationPipe extends ValidationPipe {
  protected override transformPrimitive(value: unknown, metadata: ArgumentMetadata): unknown {
    return metadata.type === 'param' ? value : super.transformPrimitive(value, metadata);
  }
}
