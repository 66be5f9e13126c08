import type { VersionPerformance } from '@app/contracts';
import type { PerformanceRow } from '@app/db';

/** One report row from the repository's outcomes (rates over distinct pairs; 0 when nothing was served). */
export function toVersionPerformance(r: PerformanceRow): VersionPerformance {
  const version = r.ranker === null ? null : Number(r.ranker);
  const rate = (x: number): number => (r.pairs === 0 ? 0 : Math.round((x / r.pairs) * 10_000) / 10_000);
  return {
    ranker_version: version,
    scorer: version === null ? 'fallback' : 'ranker',
    served: r.served,
    pairs: r.pairs,
    viewers: r.viewers,
    liked: r.liked,
    like_rate: rate(r.liked),
    matched: r.matched,
    match_rate: rate(r.matched),
  };
}
