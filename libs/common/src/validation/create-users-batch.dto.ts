import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_BATCH_RECORDS, type RpcRequest } from '@app/contracts';
import { CreateUserDto } from './create-user.dto';

/** Up to 1,000 new users; validation is all-or-nothing, with an error per bad record (users.<i>.<field>). */
export class CreateUsersBatchDto implements RpcRequest<'users.create-batch'> {
  @ApiProperty({ type: [CreateUserDto], minItems: 1, maxItems: MAX_BATCH_RECORDS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_BATCH_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => CreateUserDto)
  users: CreateUserDto[];
}
