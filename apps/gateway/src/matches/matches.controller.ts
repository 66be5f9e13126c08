import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { MatchView, Page } from '@app/contracts';
import { Subjects } from '@app/contracts';
import { RequestId, RpcClient } from '@app/common';
import { assertSelfOrAdmin, CurrentPrincipal, type Principal } from '../auth/principal';
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
  @ApiOperation({ summary: "A user's matches (mutual likes, no block either way), newest first" })
  @ApiOkResponse({ type: MatchPageResponse })
  @ApiErrors(403, 404)
  list(
    @Param('user_id', UserIdPipe) userId: number,
    @Query() q: PageQueryDto,
    @CurrentPrincipal() who: Principal,
    @RequestId() requestId: string,
  ): Promise<Page<MatchView>> {
    assertSelfOrAdmin(who, userId);
    return this.rpc.send(
      Subjects.interactions.matches,
      { user_id: userId, limit: q.limit, offset: q.offset },
      { requestId },
    );
  }
}
