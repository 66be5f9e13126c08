import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { PipelineMessage, TrainingWorkerRequest, TrainedKind, ModelResult } from './protocol';

export interface TrainingWorkerCallbacks {
  log(kind: TrainedKind | 'load', message: string, fraction: number | null): void;
  /** Called once per model as soon as it is trained; awaited before the next message is handled. */
  result(kind: TrainedKind, result: ModelResult): Promise<void>;
}

/** Thrown when training failed in a step; `kind` says which model it was training. */
export class TrainingWorkerError extends Error {
  constructor(
    readonly kind: TrainedKind | 'load',
    message: string,
  ) {
    super(message);
    this.name = 'TrainingWorkerError';
  }
}

/** Runs training in a worker thread and relays its messages in order. */
@Injectable()
export class TrainingWorker implements OnApplicationShutdown {
  private readonly running = new Set<Worker>();

  /**
   * Stops running training at shutdown: a training thread would otherwise keep the process
   * alive for minutes. The interrupted job fails this attempt and BullMQ retries it.
   */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.running].map((w) => w.terminate()));
  }

  run(request: TrainingWorkerRequest, callbacks: TrainingWorkerCallbacks): Promise<Record<string, number>> {
    return new Promise((resolve, reject) => {
      const worker = new Worker(join(__dirname, 'training.worker.js'), { workerData: request });
      this.running.add(worker);
      let settled = false;
      let chain: Promise<void> = Promise.resolve();
      const finish = (err: Error | null, seconds?: Record<string, number>): void => {
        if (settled) return;
        settled = true;
        // Results still being stored must land before the job reports success or failure.
        chain.then(
          () => (err ? reject(err) : resolve(seconds!)),
          (storeErr: Error) => reject(err ?? storeErr),
        );
        this.running.delete(worker);
        void worker.terminate();
      };
      worker.on('message', (m: PipelineMessage) => {
        if (m.type === 'log') callbacks.log(m.kind, m.message, m.fraction);
        else if (m.type === 'result') {
          chain = chain.then(() => callbacks.result(m.kind, m.result));
          // Marks the chain handled now; its failure is reported by finish().
          chain.catch(() => undefined);
        } else if (m.type === 'error') finish(new TrainingWorkerError(m.kind, m.message));
        else finish(null, m.seconds);
      });
      worker.on('error', (err) => finish(new TrainingWorkerError('load', `training worker crashed: ${err.message}`)));
      worker.on('exit', (code) =>
        finish(new TrainingWorkerError('load', `training worker exited with code ${code} before finishing`)),
      );
    });
  }
}
