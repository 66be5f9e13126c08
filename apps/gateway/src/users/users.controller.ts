import { Body, Controller, Delete, ForbiddenException, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DeleteUserReply, Page, UserView } from '@app/contracts';
import { MAX_BATCH_RECORDS, Subjects } from '@app/contracts';
import { RpcClient } from '@app/common';
import { AdminOnly, assertSelfOrAdmin } from '../auth/principal';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ApiErrors } from '../http/error.response';
import { UserIdPipe } from '../http/user-id.pipe';
import { validationFailed } from '../http/validation';
import { perItems } from '../rate-limits/rate-cost';
import { RateCost } from '../rate-limits/rate-cost.decorator';
import { CreateUserDto } from '@app/common/validation/create-user.dto';
import { CreateUsersBatchDto, UsersBatchResponse } from './dto/create-users-batch.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { ListUsersQueryDto, SearchActiveQueryDto, SearchByInterestQueryDto } from './dto/user-queries.dto';
import { DeleteUserResponse, UserPageResponse, UserResponse } from './dto/user.response';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @AdminOnly()
  @ApiOperation({ operationId: 'createUser', summary: 'Create a user (admin: the app backend)' })
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(403, 409)
  create(@Body() dto: CreateUserDto, @CurrentCaller() caller: Caller): Promise<UserView> {
    return this.rpc.send(Subjects.users.create, dto, caller);
  }

  @Post('batch')
  @AdminOnly()
  @RateCost(perItems('users', MAX_BATCH_RECORDS))
  @ApiOperation({
    operationId: 'createUsersBatch',
    summary: 'Create up to 1,000 users at once (admin): all or none, with an error per bad record',
  })
  @ApiCreatedResponse({ type: UsersBatchResponse })
  @ApiErrors(403, 409)
  createBatch(
    @Body() dto: CreateUsersBatchDto,
    @CurrentCaller() caller: Caller,
  ): Promise<{ created: number; items: UserView[] }> {
    return this.rpc.send(Subjects.users.createBatch, { users: dto.users }, caller);
  }

  @Get()
  @AdminOnly()
  @ApiOperation({
    operationId: 'listUsers',
    summary: 'List users with filters (location, age range, gender, active) and pagination',
  })
  @ApiOkResponse({ type: UserPageResponse })
  @ApiErrors(403)
  list(@Query() q: ListUsersQueryDto, @CurrentCaller() caller: Caller): Promise<Page<UserView>> {
    if (q.min_age !== undefined && q.max_age !== undefined && q.min_age > q.max_age) {
      throw validationFailed([
        { field: 'min_age', reasons: [`must not exceed max_age (${q.min_age} > ${q.max_age})`] },
      ]);
    }
    return this.rpc.send(Subjects.users.list, { ...q }, caller);
  }

  @Get('search/active')
  @AdminOnly()
  @ApiOperation({ operationId: 'searchActiveUsers', summary: 'Active users, most recently active first' })
  @ApiOkResponse({ type: UserPageResponse })
  @ApiErrors(403)
  searchActive(@Query() q: SearchActiveQueryDto, @CurrentCaller() caller: Caller): Promise<Page<UserView>> {
    return this.rpc.send(Subjects.users.searchActive, { ...q }, caller);
  }

  @Get('search/by-interest')
  @AdminOnly()
  @ApiOperation({ operationId: 'searchUsersByInterest', summary: 'Users who list an interest' })
  @ApiOkResponse({ type: UserPageResponse })
  @ApiErrors(403)
  searchByInterest(@Query() q: SearchByInterestQueryDto, @CurrentCaller() caller: Caller): Promise<Page<UserView>> {
    return this.rpc.send(Subjects.users.searchByInterest, { ...q }, caller);
  }

  @Get(':user_id')
  @ApiOperation({ operationId: 'getUser', summary: 'Get a user (yourself, or anyone as admin)' })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(403, 404)
  get(@Param('user_id', UserIdPipe) id: number, @CurrentCaller() caller: Caller): Promise<UserView> {
    assertSelfOrAdmin(caller, id);
    return this.rpc.send(Subjects.users.get, { id }, caller);
  }

  @Put(':user_id')
  @ApiOperation({
    operationId: 'updateUser',
    summary: 'Update a user: any subset of the fields (yourself, or anyone as admin)',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(403, 404, 409)
  update(
    @Param('user_id', UserIdPipe) id: number,
    @Body() dto: UpdateUserDto,
    @CurrentCaller() caller: Caller,
  ): Promise<UserView> {
    assertSelfOrAdmin(caller, id);
    if (dto.external_id !== undefined && caller.role !== 'admin')
      throw new ForbiddenException('only an admin may set external_id');
    return this.rpc.send(Subjects.users.update, { id, changes: dto }, caller);
  }

  @Delete(':user_id')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'deleteUser',
    summary: 'Delete a user and everything derived from them (yourself, or anyone as admin)',
  })
  @ApiOkResponse({ type: DeleteUserResponse })
  @ApiErrors(403, 404)
  delete(@Param('user_id', UserIdPipe) id: number, @CurrentCaller() caller: Caller): Promise<DeleteUserReply> {
    assertSelfOrAdmin(caller, id);
    return this.rpc.send(Subjects.users.delete, { id }, caller);
  }
}
