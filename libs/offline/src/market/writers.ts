/**
 * Streamed output files. Lines are batched into ~1 MiB chunks and the writer waits for 'drain'
 * when the OS is behind, so memory stays flat however many millions of lines go out.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { SwipeBuffer } from './store';
import { TYPE_NAMES } from './store';
import type { MarketTruth, TruthPerson } from './truth.types';

const CHUNK_CHARS = 1 << 20;

/** A text file written in large chunks with backpressure. */
export class ChunkedWriter {
  private readonly stream: WriteStream;
  private parts: string[] = [];
  private chars = 0;
  private error: Error | null = null;

  constructor(readonly path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
    // Without a listener a write error would crash the process instead of failing the promise.
    this.stream.on('error', (e) => (this.error = e));
  }

  /** Queues text; resolves once it is buffered within bounds. */
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= CHUNK_CHARS) await this.flush();
  }

  /** Hands the queued text to the stream, waiting for it to drain when it is full. */
  async flush(): Promise<void> {
    if (this.error) throw this.error;
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await finished(this.stream);
    if (this.error) throw this.error;
  }
}

/** The interactions.csv header. */
export const INTERACTIONS_HEADER = 'actor_id,target_id,type,timestamp\n';

/** Writes one day of swipes in time order (ids are index + 1). */
export async function writeSwipes(out: ChunkedWriter, swipes: SwipeBuffer, order: Uint32Array): Promise<void> {
  let lines: string[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    lines.push(
      `${swipes.actor[i] + 1},${swipes.target[i] + 1},${TYPE_NAMES[swipes.type[i]]},${new Date(swipes.ts[i]).toISOString()}\n`,
    );
    if (lines.length === 8192) {
      await out.write(lines.join(''));
      lines = [];
    }
  }
  if (lines.length > 0) await out.write(lines.join(''));
}

/** Writes the part of truth.json before the people array. */
export async function writeTruthHead(out: ChunkedWriter, truth: Omit<MarketTruth, 'people'>): Promise<void> {
  const head = JSON.stringify(truth, null, 2);
  // One person per line between `"people": [` and `]` lets loadTruth stream the file back.
  await out.write(head.slice(0, head.lastIndexOf('}')).trimEnd() + ',\n  "people": [\n');
}

/** Writes one person line of truth.json. */
export async function writeTruthPerson(out: ChunkedWriter, person: TruthPerson, last: boolean): Promise<void> {
  await out.write(JSON.stringify(person) + (last ? '\n' : ',\n'));
}

/** Closes the people array and the document. */
export async function writeTruthTail(out: ChunkedWriter): Promise<void> {
  await out.write('  ]\n}\n');
}
