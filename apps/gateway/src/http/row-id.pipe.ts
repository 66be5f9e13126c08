import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { validationFailed } from './validation';

/**
 * A row id or sequence number in the path (a dead letter's, a webhook's, a delivery's): a positive
 * integer below 2^53, or a 400 naming the parameter. User ids have their own, narrower pipe.
 */
@Injectable()
export class RowIdPipe implements PipeTransform<string, number> {
  transform(value: string, meta: ArgumentMetadata): number {
    if (!/^[1-9][0-9]{0,15}$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw validationFailed([
        { field: meta.data ?? 'id', reasons: [`must be a positive integer (got "${String(value).slice(0, 40)}")`] },
      ]);
    return Number(value);
  }
}
