import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from './user.response';

/** The request's class is the one the user service checks its own input with. */
export { CreateUsersBatchDto } from '@app/common/validation/create-users-batch.dto';

export class UsersBatchResponse {
  @ApiProperty({ example: 2 }) created: number;
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
}
