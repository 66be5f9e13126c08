import { PartialType } from '@nestjs/swagger';
import { CreateUserDto } from '@app/common/validation/create-user.dto';

/** Changes to a profile: any subset of the creation fields. */
// skipNullProperties: false validates null too, so only the nullable fields accept it.
export class UpdateUserDto extends PartialType(CreateUserDto, { skipNullProperties: false }) {}
