/**
 * The `match_signals` table: messages and reports after a match, as integrators report them.
 * Raw SQL: the insert's ON CONFLICT, which keeps an event delivered twice once.
 */
import type { DataSource } from 'typeorm';
import type { InboundMatchSignal, MatchSignalKind } from '@app/contracts';

export class MatchSignalsRepository {
  constructor(private readonly ds: DataSource) {}

  /** Records one signal; false when its event id was recorded already. */
  async record(s: InboundMatchSignal): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `INSERT INTO match_signals (event_id, kind, actor_id, target_id, occurred_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO NOTHING RETURNING id`,
      [s.event_id, s.kind satisfies MatchSignalKind, s.user_id, s.target_user_id, s.occurred_at],
    );
    return rows.length > 0;
  }
}
