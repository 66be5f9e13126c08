import { findOrAddStream } from './stream-setup';
import { headers as natsHeaders, type NatsConnection } from '@nats-io/nats-core';
import { jetstream, jetstreamManager, type JsMsg, type StoredMsg } from '@nats-io/jetstream';
import {
  DEAD_LETTER_HEADERS,
  DEAD_LETTER_STREAM,
  DomainError,
  REQUEST_ID_HEADER,
  Subjects,
  type DeadLetterDetail,
  type DeadLetterView,
} from '@app/contracts';

const NANOS_PER_SECOND = 1_000_000_000;
/**
 * Dead letters are kept as long as the events themselves (a week, event-stream.ts): long enough
 * to notice and replay, and no longer than the erasure promise allows for the ids they carry.
 */
export const DEAD_LETTER_RETENTION_SECONDS = 7 * 24 * 3600;
/** At most this many; past it the oldest go (a flood of failures must not fill the disk). */
export const DEAD_LETTER_MAX_MESSAGES = 100_000;
const DLQ_CONFIG = {
  name: DEAD_LETTER_STREAM,
  description: 'events durable consumers gave up on, and their replays',
  subjects: [Subjects.deadLetters.all],
  max_age: DEAD_LETTER_RETENTION_SECONDS * NANOS_PER_SECOND,
  max_msgs: DEAD_LETTER_MAX_MESSAGES,
  // A retried dead-lettering or replay (same message id) within this window is stored once.
  duplicate_window: 300 * NANOS_PER_SECOND,
};
/** The longest error text kept: a message, not a dump. */
const MAX_ERROR_LENGTH = 500;

/**
 * The dead-letter stream (DEAD_LETTER_STREAM). A durable consumer records there an event it gave
 * up on (EventConsumer, after its bounded redeliveries); an admin lists, inspects, replays or
 * discards them (the gateway's /admin/dead-letters). A replay goes to
 * `deadletters.replay.<consumer>`, which only that consumer's replay consumer reads, so the other
 * consumers of the event, which handled it, do not see it twice.
 */
export class DeadLetterQueue {
  private streamReady: Promise<void> | null = null;

  constructor(private readonly connection: () => Promise<NatsConnection>) {}

  /** Creates the stream if it does not exist yet (once per process; never changes an existing one). */
  ensureStream(): Promise<void> {
    this.streamReady ??= (async () => {
      await findOrAddStream(await jetstreamManager(await this.connection()), DLQ_CONFIG);
    })().catch((err: Error) => {
      this.streamReady = null;
      throw err;
    });
    return this.streamReady;
  }

  /** Records `msg`, given up on by `durable`, with why; a retry of the same one is stored once. */
  async record(durable: string, msg: JsMsg, subject: string, error: string): Promise<void> {
    await this.ensureStream();
    const h = natsHeaders();
    h.set(DEAD_LETTER_HEADERS.subject, subject);
    h.set(DEAD_LETTER_HEADERS.seq, String(originalSeq(msg)));
    h.set(DEAD_LETTER_HEADERS.deliveries, String(msg.info.deliveryCount));
    h.set(DEAD_LETTER_HEADERS.error, error.replace(/\s+/g, ' ').slice(0, MAX_ERROR_LENGTH));
    const requestId = msg.headers?.get(REQUEST_ID_HEADER);
    if (requestId) h.set(REQUEST_ID_HEADER, requestId);
    const js = jetstream(await this.connection());
    await js.publish(Subjects.deadLetters.dead(durable), msg.data, {
      headers: h,
      msgID: `dead:${durable}:${msg.info.streamSequence}:${subject}`,
    });
  }

  /** Dead letters after `after` (oldest first), of `consumer` only when given. */
  async list(o: { consumer?: string; after?: number; limit: number }): Promise<DeadLetterView[]> {
    const jsm = await jetstreamManager(await this.connection());
    const state = await this.state(jsm);
    if (!state) return [];
    const out: DeadLetterView[] = [];
    for (
      let seq = Math.max(state.first_seq, (o.after ?? 0) + 1);
      seq <= state.last_seq && out.length < o.limit;
      seq++
    ) {
      const m = await jsm.streams.getMessage(DEAD_LETTER_STREAM, { seq }).catch(() => null);
      const view = m && viewOf(m);
      if (view && (!o.consumer || view.consumer === o.consumer)) out.push(view);
    }
    return out;
  }

  /** One dead letter with its payload; 404 when there is none at `seq`. */
  async get(seq: number): Promise<DeadLetterDetail> {
    const m = await this.stored(seq);
    return { ...viewOf(m)!, payload: payloadOf(m) };
  }

  /**
   * Sends the dead letter at `seq` back to the consumer that gave up on it (its replay consumer
   * hands it to the same handler), then removes it; returns what was replayed.
   */
  async replay(seq: number): Promise<DeadLetterView> {
    const m = await this.stored(seq);
    const view = viewOf(m)!;
    const js = jetstream(await this.connection());
    await js.publish(Subjects.deadLetters.replay(view.consumer), m.data, {
      headers: m.header,
      msgID: `replay:${seq}`,
    });
    await this.discard(seq);
    return view;
  }

  /** Removes the dead letter at `seq` for good. */
  async discard(seq: number): Promise<void> {
    await this.stored(seq);
    const jsm = await jetstreamManager(await this.connection());
    await jsm.streams.deleteMessage(DEAD_LETTER_STREAM, seq);
  }

  /** Dead letters waiting, per consumer (read by the gateway's metrics at each scrape). */
  async counts(): Promise<Record<string, number>> {
    const jsm = await jetstreamManager(await this.connection(), { timeout: 1000 });
    const info = await jsm.streams
      .info(DEAD_LETTER_STREAM, { subjects_filter: Subjects.deadLetters.allDead })
      .catch(() => null);
    const prefix = Subjects.deadLetters.dead('');
    return Object.fromEntries(
      Object.entries(info?.state.subjects ?? {}).map(([subject, n]) => [subject.slice(prefix.length), n]),
    );
  }

  private async state(jsm: Awaited<ReturnType<typeof jetstreamManager>>) {
    try {
      return (await jsm.streams.info(DEAD_LETTER_STREAM)).state;
    } catch {
      return null; // no dead letter yet: the stream is created with the first
    }
  }

  private async stored(seq: number): Promise<StoredMsg> {
    const jsm = await jetstreamManager(await this.connection());
    const m = await jsm.streams.getMessage(DEAD_LETTER_STREAM, { seq }).catch(() => null);
    if (!m || !viewOf(m)) throw DomainError.notFound('dead letter', seq);
    return m;
  }
}

/** The event-stream sequence of a message: its own, or, replayed, the one its dead letter recorded. */
function originalSeq(msg: JsMsg): number {
  const recorded = Number(msg.headers?.get(DEAD_LETTER_HEADERS.seq));
  return Number.isInteger(recorded) && recorded > 0 ? recorded : msg.info.streamSequence;
}

/** A stored dead letter as listed; null for anything else in the stream (a replay on its way). */
function viewOf(m: StoredMsg): DeadLetterView | null {
  const prefix = Subjects.deadLetters.dead('');
  if (!m.subject.startsWith(prefix)) return null;
  const h = m.header;
  return {
    seq: m.seq,
    consumer: m.subject.slice(prefix.length),
    subject: h?.get(DEAD_LETTER_HEADERS.subject) ?? '',
    original_seq: Number(h?.get(DEAD_LETTER_HEADERS.seq) ?? 0),
    deliveries: Number(h?.get(DEAD_LETTER_HEADERS.deliveries) ?? 0),
    error: h?.get(DEAD_LETTER_HEADERS.error) ?? '',
    dead_at: m.time.toISOString(),
    request_id: h?.get(REQUEST_ID_HEADER) || null,
  };
}

function payloadOf(m: StoredMsg): unknown {
  try {
    return m.json();
  } catch {
    return m.string();
  }
}
