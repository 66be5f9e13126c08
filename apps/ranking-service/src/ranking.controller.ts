import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CallerRoleOf, DisclosurePolicy, RequestId } from '@app/common';
import { Subjects, type CallerRole, type RpcReply, type RpcRequest } from '@app/contracts';
import { PerformanceService } from './performance/performance.service';
import { viewPolicy } from './privacy/recommendation-disclosure';
import { RankService } from './rank/rank.service';
import { RecommendService } from './recommend/recommend.service';

/**
 * NATS handlers of the ranking service. What a reply shows of other people follows the caller's
 * role (privacy/recommendation-disclosure.ts).
 */
@Controller()
export class RankingController {
  constructor(
    private readonly recommendations: RecommendService,
    private readonly ranking: RankService,
    private readonly performance: PerformanceService,
    private readonly policy: DisclosurePolicy,
  ) {}

  @MessagePattern(Subjects.ranking.recommend)
  recommend(
    @Payload() q: RpcRequest<'ranking.recommend'>,
    @RequestId() requestId: string,
    @CallerRoleOf() role: CallerRole,
  ): Promise<RpcReply<'ranking.recommend'>> {
    return this.recommendations.recommend(q, requestId, viewPolicy(this.policy.for(role)));
  }

  @MessagePattern(Subjects.ranking.rank)
  rank(
    @Payload() q: RpcRequest<'ranking.rank'>,
    @RequestId() requestId: string,
    @CallerRoleOf() role: CallerRole,
  ): Promise<RpcReply<'ranking.rank'>> {
    return this.ranking.rank(q.user_id, q.candidate_ids, requestId, this.policy.for(role));
  }

  @MessagePattern(Subjects.ranking.performance)
  report(@Payload() q: RpcRequest<'ranking.performance'>): Promise<RpcReply<'ranking.performance'>> {
    return this.performance.report(q.window_hours);
  }
}
