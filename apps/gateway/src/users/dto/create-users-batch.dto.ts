import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_BATCH_RECORDS } from '@app/contracts';
import { CreateUserDto } from '@app/common/validation/create-user.dto';
import { UserResponse } from './user.response';

/** Up to 1,000 new users; validation is all-or-nothing, with an error per bad record (users.<i>.<field>). */
export class CreateUsersBatchDto {
  @ApiProperty({ type: [CreateUserDto], minItems: 1, maxItems: MAX_BATCH_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => CreateUserDto)
  users: CreateUserDto[];
}

export class UsersBatchResponse {
  @ApiProperty({ example: 2 }) created: number;
  @ApiProperty({ type: [UserResponse] }) items: UserResponse[];
}
