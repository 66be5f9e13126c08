import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MatchView, Page } from '@app/contracts';
import { Subjects } from '@app/contracts';
import { RpcClient } from '@app/common';
import { assertSelfOrAdmin } from '../auth/principal';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ApiErrors } from '../http/error.response';
import { PageQueryDto } from '../http/page-query.dto';
import { UserIdPipe } from '../http/user-id.pipe';
import { MatchPageResponse } from '../interactions/dto/interaction.response';

@ApiTags('matches')
@ApiBearerAuth()
@Controller('matches')
export class MatchesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get(':user_id')
  @ApiOperation({
    operationId: 'listMatches',
    summary: "A user's matches (mutual likes, no block either way), newest first",
  })
  @ApiOkResponse({ type: MatchPageResponse })
  @ApiErrors(403, 404)
  list(
    @Param('user_id', UserIdPipe) userId: number,
    @Query() q: PageQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<Page<MatchView>> {
    assertSelfOrAdmin(caller, userId);
    return this.rpc.send(Subjects.interactions.matches, { user_id: userId, limit: q.limit, offset: q.offset }, caller);
  }
}
