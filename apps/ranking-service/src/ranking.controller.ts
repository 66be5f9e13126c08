import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { RequestId } from '@app/common';
import { Subjects, type RpcReply, type RpcRequest } from '@app/contracts';
import { PerformanceService } from './performance/performance.service';
import { RankService } from './rank/rank.service';
import { RecommendService } from './recommend/recommend.service';

/** NATS handlers of the ranking service; the gateway has authenticated and validated the input. */
@Controller()
export class RankingController {
  constructor(
    private readonly recommendations: RecommendService,
    private readonly ranking: RankService,
    private readonly performance: PerformanceService,
  ) {}

  @MessagePattern(Subjects.ranking.recommend)
  recommend(
    @Payload() q: RpcRequest<'ranking.recommend'>,
    @RequestId() requestId: string,
  ): Promise<RpcReply<'ranking.recommend'>> {
    return this.recommendations.recommend(q, requestId);
  }

  @MessagePattern(Subjects.ranking.rank)
  rank(@Payload() q: RpcRequest<'ranking.rank'>, @RequestId() requestId: string): Promise<RpcReply<'ranking.rank'>> {
    return this.ranking.rank(q.user_id, q.candidate_ids, requestId);
  }

  @MessagePattern(Subjects.ranking.performance)
  report(@Payload() q: RpcRequest<'ranking.performance'>): Promise<RpcReply<'ranking.performance'>> {
    return this.performance.report(q.window_hours);
  }
}
