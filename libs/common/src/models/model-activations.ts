import { Subjects, type ModelKind } from '@app/contracts';
import type { EventStream } from '../events/event-stream';

/**
 * Makes this instance follow the active version of `kind`: calls `refresh` on each of its
 * activations (every instance must swap, so each has a consumer of its own, not a shared
 * durable one), once that consumer is live (so an activation between the caller's first read
 * and then is not missed), and every `pollMs`, a safety net under the events. The registry
 * is the truth: `refresh` re-reads it, so a missed or repeated event costs nothing. Returns
 * what stops the polling (the consumer stops with the app).
 */
export function followActivations(
  events: EventStream,
  kind: ModelKind,
  pollMs: number,
  refresh: (reason: string) => void,
): () => void {
  void events
    .consume(Subjects.events.modelActivated, 'every-instance', ({ payload }) => {
      if (payload.kind === kind) refresh(`activation of version ${payload.version}`);
    })
    .then(() => refresh('activations followed'));
  const timer = setInterval(() => refresh('poll'), pollMs);
  timer.unref();
  return () => clearInterval(timer);
}
