import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { MAX_USER_ID } from '@app/contracts';
import { validationFailed } from './validation';

/** Path ids are positive 32-bit integers; anything else is a 400 naming the parameter. */
@Injectable()
export class UserIdPipe implements PipeTransform<string, number> {
  transform(value: string, meta: ArgumentMetadata): number {
    const field = meta.data ?? 'id';
    if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > MAX_USER_ID) {
      throw validationFailed([
        { field, reasons: [`must be a positive integer id (got "${String(value).slice(0, 40)}")`] },
      ]);
    }
    return Number(value);
  }
}
