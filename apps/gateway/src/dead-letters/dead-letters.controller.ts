import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, ErrorCode, type DeadLetterDetail, type DeadLetterView } from '@app/contracts';
import { EventStream } from '@app/common';
import { AdminOnly } from '../auth/principal';
import { ApiErrors } from '../http/error.response';
import { RowIdPipe } from '../http/row-id.pipe';
import {
  DeadLetterDetailResponse,
  DeadLetterPageResponse,
  DeadLetterQueryDto,
  DeadLetterResponse,
} from './dead-letters.dto';

/**
 * The events durable consumers gave up on after their bounded redeliveries (libs/common
 * dead-letters.ts), for the app's backend only: list and inspect them, send one back to the
 * consumer that gave up on it once the cause is fixed, or discard it.
 */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/dead-letters')
export class DeadLettersController {
  constructor(private readonly events: EventStream) {}

  @Get()
  @AdminOnly()
  @ApiOperation({
    operationId: 'listDeadLetters',
    summary: 'Dead letters, oldest first (admin): consumer, subject, deliveries, the last error',
  })
  @ApiOkResponse({ type: DeadLetterPageResponse })
  @ApiErrors(403, 503)
  async list(@Query() q: DeadLetterQueryDto): Promise<{ items: DeadLetterView[] }> {
    return { items: await jetstream(() => this.events.deadLetters.list(q)) };
  }

  @Get(':seq')
  @AdminOnly()
  @ApiOperation({ operationId: 'getDeadLetter', summary: "One dead letter with its event's payload (admin)" })
  @ApiOkResponse({ type: DeadLetterDetailResponse })
  @ApiErrors(403, 404, 503)
  get(@Param('seq', RowIdPipe) seq: number): Promise<DeadLetterDetail> {
    return jetstream(() => this.events.deadLetters.get(seq));
  }

  @Post(':seq/replay')
  @AdminOnly()
  @HttpCode(202)
  @ApiOperation({
    operationId: 'replayDeadLetter',
    summary:
      'Send a dead letter back to the consumer that gave up on it (admin); only that consumer sees it again. ' +
      'It leaves the dead letters; should it fail again, it comes back after its redeliveries',
  })
  @ApiAcceptedResponse({ type: DeadLetterResponse })
  @ApiErrors(403, 404, 503)
  replay(@Param('seq', RowIdPipe) seq: number): Promise<DeadLetterView> {
    return jetstream(() => this.events.deadLetters.replay(seq));
  }

  @Delete(':seq')
  @AdminOnly()
  @HttpCode(204)
  @ApiOperation({ operationId: 'discardDeadLetter', summary: 'Discard a dead letter for good (admin)' })
  @ApiNoContentResponse({ description: 'Discarded' })
  @ApiErrors(403, 404, 503)
  async discard(@Param('seq', RowIdPipe) seq: number): Promise<void> {
    await jetstream(() => this.events.deadLetters.discard(seq));
  }
}

/** JetStream not answering is a 503 like a service not answering, never a 500. */
async function jetstream<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof DomainError) throw err;
    throw new DomainError(ErrorCode.ServiceUnavailable, `JetStream did not answer: ${(err as Error).message}`);
  }
}
