import { type ArgumentMetadata, Injectable, type PipeTransform } from '@nestjs/common';
import { validationFailed } from '../http/validation';
import { JOB_ID_PATTERN } from '@app/contracts';

/** Job ids are short strings of safe characters; anything else is a 400 naming the parameter. */
@Injectable()
export class JobIdPipe implements PipeTransform<string, string> {
  transform(value: string, meta: ArgumentMetadata): string {
    if (!JOB_ID_PATTERN.test(value))
      throw validationFailed([
        { field: meta.data ?? 'job_id', reasons: ['must be 1 to 100 letters, digits, ":", "_" or "-"'] },
      ]);
    return value;
  }
}
