import { SWIPE_TYPES, type SwipeType } from '@app/contracts';
import { csvField, InputError } from './line-reader';

export const INTERACTIONS_HEADER = ['actor_id', 'target_id', 'type', 'timestamp'];
const TYPES = new Set<string>(SWIPE_TYPES);
const ID = /^[1-9][0-9]{0,9}$/;

/** Checks the header line of an interactions CSV. */
export function checkInteractionsHeader(file: string, text: string): void {
  const cols = text.trim().split(',');
  if (cols.join(',') !== INTERACTIONS_HEADER.join(',')) {
    throw new InputError(file, 1, `header must be "${INTERACTIONS_HEADER.join(',')}", got "${text.slice(0, 80)}"`);
  }
}

/** Parses one CSV line into a COPY row (line number kept for later reference errors). */
export function interactionCsvRow(file: string, line: number, text: string): string {
  const cols = text.split(',');
  if (cols.length !== 4)
    throw new InputError(file, line, `expected 4 columns (actor_id,target_id,type,timestamp), got ${cols.length}`);
  const [actor, target, type, ts] = cols.map((c) => c.trim());
  if (!ID.test(actor) || Number(actor) > 2_147_483_647)
    throw new InputError(file, line, `actor_id must be a positive integer user id, got "${actor}"`);
  if (!ID.test(target) || Number(target) > 2_147_483_647)
    throw new InputError(file, line, `target_id must be a positive integer user id, got "${target}"`);
  if (actor === target) throw new InputError(file, line, 'actor_id and target_id are the same user (self-swipe)');
  if (!TYPES.has(type))
    throw new InputError(file, line, `type must be one of ${SWIPE_TYPES.join(', ')}, got "${type}"`);
  let when: string | null = null;
  if (ts !== '') {
    const ms = /^\d+$/.test(ts) ? Number(ts) : Date.parse(ts);
    if (!Number.isFinite(ms))
      throw new InputError(file, line, `timestamp must be ISO 8601 or epoch milliseconds, got "${ts}"`);
    when = new Date(ms).toISOString();
  }
  return [line, actor, target, type as SwipeType, when].map(csvField).join(',');
}
