import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { validationFailed } from './validation';

const MAX_ID = 2_147_483_647;

/** Path ids are positive 32-bit integers; anything else is a 400 naming the parameter. */
@Injectable()
export class UserIdPipe implements PipeTransform<string, number> {
  transform(value: string, meta: ArgumentMetadata): number {
    const field = meta.data ?? 'id';
    if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > MAX_ID) {
      throw validationFailed([
        { field, reasons: [`must be a positive integer id (got "${String(value).slice(0, 40)}")`] },
      ]);
    }
    return Number(value);
  }
}
