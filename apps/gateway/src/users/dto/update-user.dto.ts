import { PartialType } from '@nestjs/swagger';
import { CreateUserDto } from './create-user.dto';

/** Changes to a profile: any subset of the creation fields. */
export class UpdateUserDto extends PartialType(CreateUserDto) {}
