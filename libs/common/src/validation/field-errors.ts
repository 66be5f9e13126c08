import type { ValidationError } from 'class-validator';
import type { FieldError } from '@app/contracts';

/** Flattens class-validator errors into one entry per field, with dotted paths for nested fields. */
export function toFieldErrors(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints
      ? [
          {
            field,
            reasons: Object.values(e.constraints).map((m) =>
              /^property .* should not exist$/.test(m) ? 'unknown field' : m,
            ),
          },
        ]
      : [];
    return [...own, ...toFieldErrors(e.children ?? [], field)];
  });
}
