import { ForbiddenException } from '@nestjs/common';
import { IDEMPOTENCY_KEY_PATTERN, MAX_TIMELINE_BUCKETS } from '@app/contracts';
import type { Principal } from '../auth/principal';
import { validationFailed } from '../http/validation';
import type { CreateInteractionDto } from './dto/create-interaction.dto';
import type { TimelineQueryDto } from './dto/interaction-queries.dto';

const DEFAULT_SPAN_MS = { hour: 48 * 3600_000, day: 30 * 86_400_000 };

/** The actor of a swipe: the token's user; an admin must name one in `user_id`. */
export function actorOf(dto: CreateInteractionDto, who: Principal): number {
  if (who.role === 'admin') {
    if (dto.user_id === undefined)
      throw validationFailed([{ field: 'user_id', reasons: ['is required when acting as admin'] }]);
    return dto.user_id;
  }
  if (dto.user_id !== undefined && dto.user_id !== who.userId) {
    throw new ForbiddenException(
      `you may only swipe as yourself (token subject ${who.userId}, user_id ${dto.user_id})`,
    );
  }
  return who.userId;
}

/** Validates the Idempotency-Key header (absent is fine). */
export function parseIdempotencyKey(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (!IDEMPOTENCY_KEY_PATTERN.test(raw))
    throw validationFailed([{ field: 'Idempotency-Key', reasons: ['must be 1 to 200 visible ASCII characters'] }]);
  return raw;
}

/** Resolves defaults and bounds of a timeline range. */
export function timelineRange(q: TimelineQueryDto): { since: string; until: string } {
  const until = q.until ? new Date(q.until) : new Date();
  const since = q.since ? new Date(q.since) : new Date(until.getTime() - DEFAULT_SPAN_MS[q.granularity]);
  if (since >= until) throw validationFailed([{ field: 'since', reasons: ['must be before until'] }]);
  const step = q.granularity === 'hour' ? 3600_000 : 86_400_000;
  if ((until.getTime() - since.getTime()) / step > MAX_TIMELINE_BUCKETS[q.granularity]) {
    throw validationFailed([
      { field: 'since', reasons: [`range too long: at most ${MAX_TIMELINE_BUCKETS[q.granularity]} ${q.granularity}s`] },
    ]);
  }
  return { since: since.toISOString(), until: until.toISOString() };
}
