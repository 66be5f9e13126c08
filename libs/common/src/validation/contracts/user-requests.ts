/** Schemas of the user service's requests (users.*); creation and batches reuse the API's DTOs. */
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import {
  GENDERS,
  MAX_ACTIVE_WITHIN_HOURS,
  type Gender,
  type ListUsersQuery,
  type RpcRequest,
  type SearchActiveQuery,
  type SearchByInterestQuery,
} from '@app/contracts';
import { CreateUserDto } from '../create-user.dto';
import { everyFieldOptional, OptionalNotNull } from '../optional';
import { IsId, OptionalAge, PageRequest } from './fields';

/** users.get, users.delete: one user by id. */
export class UserIdRequest implements RpcRequest<'users.get'> {
  @IsId()
  id: number;
}

/** A profile's changes: any subset of a new profile's fields, each held to the same rules. */
// A class of its own, not the function's: the rules of a field it redeclares would replace those
// it inherits, and the nullable fields' "may be null" must stand beside "may be left out".
export class UserChangesDto extends everyFieldOptional(CreateUserDto, 'UserChangesDto') {}

export class UpdateUserRequest implements RpcRequest<'users.update'> {
  @IsId()
  id: number;

  @IsObject()
  @ValidateNested()
  @Type(() => UserChangesDto)
  changes: UserChangesDto;
}

export class ListUsersRequest extends PageRequest implements ListUsersQuery {
  @OptionalNotNull()
  @IsString()
  @Length(1, 100)
  location?: string;

  @OptionalAge()
  min_age?: number;

  @OptionalAge()
  max_age?: number;

  @OptionalNotNull()
  @IsIn(GENDERS, { message: `gender must be one of ${GENDERS.join(', ')}` })
  gender?: Gender;

  @OptionalNotNull()
  @IsBoolean()
  is_active?: boolean;
}

export class SearchActiveRequest extends PageRequest implements SearchActiveQuery {
  @IsInt()
  @Min(1)
  @Max(MAX_ACTIVE_WITHIN_HOURS)
  within_hours: number;
}

export class SearchByInterestRequest extends PageRequest implements SearchByInterestQuery {
  @IsString()
  @Length(1, 50)
  interest: string;
}
