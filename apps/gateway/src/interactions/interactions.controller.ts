import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type {
  BatchInteractionsReply,
  InteractionStats,
  InteractionView,
  MutualInteraction,
  Page,
  Timeline,
} from '@app/contracts';
import { MAX_BATCH_RECORDS, Subjects } from '@app/contracts';
import { RpcClient } from '@app/common';
import { AdminOnly, assertSelfOrAdmin } from '../auth/principal';
import { type Caller, CurrentCaller } from '../auth/caller';
import { ApiErrors } from '../http/error.response';
import { UserIdPipe } from '../http/user-id.pipe';
import { validationFailed } from '../http/validation';
import { perItems } from '../rate-limits/rate-cost';
import { RateCost } from '../rate-limits/rate-cost.decorator';
import { CreateInteractionDto } from './dto/create-interaction.dto';
import { CreateInteractionsBatchDto, InteractionsBatchResponse } from './dto/create-interactions-batch.dto';
import { ListInteractionsQueryDto, RecentQueryDto, TimelineQueryDto } from './dto/interaction-queries.dto';
import {
  CreatedInteractionResponse,
  InteractionPageResponse,
  InteractionResponse,
  InteractionStatsResponse,
  MutualResponse,
  TimelineResponse,
} from './dto/interaction.response';
import { actorOf, parseIdempotencyKey, timelineRange } from './interaction-input';

@ApiTags('interactions')
@ApiBearerAuth()
@Controller('interactions')
export class InteractionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Post()
  @ApiOperation({
    operationId: 'createInteraction',
    summary:
      'Swipe (like, dislike, super_like) or block, as the token user. Idempotent: a repeat returns the original with 200.',
  })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Makes a retried POST safe (1-200 characters)' })
  @ApiCreatedResponse({ type: CreatedInteractionResponse, description: 'Recorded' })
  @ApiOkResponse({
    type: CreatedInteractionResponse,
    description: 'Already recorded (identical swipe or repeated Idempotency-Key)',
  })
  @ApiErrors(403, 404, 409)
  async create(
    @Body() dto: CreateInteractionDto,
    @CurrentCaller() caller: Caller,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: { status(code: number): unknown },
  ): Promise<InteractionView & { is_match: boolean }> {
    const userId = actorOf(dto, caller);
    const reply = await this.rpc.send(
      Subjects.interactions.create,
      {
        user_id: userId,
        target_user_id: dto.target_user_id,
        interaction_type: dto.interaction_type,
        context: dto.context ?? null,
        idempotency_key: parseIdempotencyKey(idempotencyKey),
      },
      caller,
    );
    res.status(reply.created ? 201 : 200);
    return { ...reply.interaction, is_match: reply.is_match };
  }

  @Post('batch')
  @AdminOnly()
  @RateCost(perItems('interactions', MAX_BATCH_RECORDS))
  @ApiOperation({
    operationId: 'createInteractionsBatch',
    summary:
      'Store up to 1,000 historical interactions (admin): all or none, with an error per bad record; identical records are skipped',
  })
  @ApiCreatedResponse({ type: InteractionsBatchResponse })
  @ApiErrors(403, 409)
  createBatch(
    @Body() dto: CreateInteractionsBatchDto,
    @CurrentCaller() caller: Caller,
  ): Promise<BatchInteractionsReply> {
    return this.rpc.send(Subjects.interactions.createBatch, { interactions: dto.interactions }, caller);
  }

  @Get('user/:user_id')
  @ApiOperation({
    operationId: 'listUserInteractions',
    summary: "A user's interactions, newest first (filters: type, given/received, time range)",
  })
  @ApiOkResponse({ type: InteractionPageResponse })
  @ApiErrors(403, 404)
  list(
    @Param('user_id', UserIdPipe) userId: number,
    @Query() q: ListInteractionsQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<Page<InteractionView>> {
    assertSelfOrAdmin(caller, userId);
    if (q.since && q.until && Date.parse(q.since) >= Date.parse(q.until))
      throw validationFailed([{ field: 'since', reasons: ['must be before until'] }]);
    return this.rpc.send(Subjects.interactions.list, { ...q, user_id: userId }, caller);
  }

  @Get('stats/:user_id')
  @ApiOperation({
    operationId: 'getInteractionStats',
    summary: 'Counts given and received by type, matches, like rates',
  })
  @ApiOkResponse({ type: InteractionStatsResponse })
  @ApiErrors(403, 404)
  stats(@Param('user_id', UserIdPipe) userId: number, @CurrentCaller() caller: Caller): Promise<InteractionStats> {
    assertSelfOrAdmin(caller, userId);
    return this.rpc.send(Subjects.interactions.stats, { user_id: userId }, caller);
  }

  @Get('mutual/:user_id/:target_user_id')
  @ApiOperation({ operationId: 'getMutualInteraction', summary: 'Has each liked the other (a match)?' })
  @ApiOkResponse({ type: MutualResponse })
  @ApiErrors(403, 404)
  mutual(
    @Param('user_id', UserIdPipe) userId: number,
    @Param('target_user_id', UserIdPipe) targetId: number,
    @CurrentCaller() caller: Caller,
  ): Promise<MutualInteraction> {
    assertSelfOrAdmin(caller, userId);
    if (userId === targetId)
      throw validationFailed([{ field: 'target_user_id', reasons: ['must differ from user_id'] }]);
    return this.rpc.send(Subjects.interactions.mutual, { user_id: userId, target_user_id: targetId }, caller);
  }

  @Get('recent/:user_id')
  @ApiOperation({ operationId: 'listRecentInteractions', summary: 'Interactions given or received in the last hours' })
  @ApiOkResponse({ type: [InteractionResponse] })
  @ApiErrors(403, 404)
  recent(
    @Param('user_id', UserIdPipe) userId: number,
    @Query() q: RecentQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<InteractionView[]> {
    assertSelfOrAdmin(caller, userId);
    return this.rpc.send(Subjects.interactions.recent, { user_id: userId, hours: q.hours, limit: q.limit }, caller);
  }

  @Get('timeline/:user_id')
  @ApiOperation({
    operationId: 'getInteractionTimeline',
    summary: 'Counts per hour or day over a range, matches included',
  })
  @ApiOkResponse({ type: TimelineResponse })
  @ApiErrors(403, 404)
  timeline(
    @Param('user_id', UserIdPipe) userId: number,
    @Query() q: TimelineQueryDto,
    @CurrentCaller() caller: Caller,
  ): Promise<Timeline> {
    assertSelfOrAdmin(caller, userId);
    return this.rpc.send(
      Subjects.interactions.timeline,
      { user_id: userId, granularity: q.granularity, ...timelineRange(q) },
      caller,
    );
  }
}
