import { Injectable } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { LatencyMetrics } from '@app/common';
import { ModelRegistry } from '../registry/model-registry.service';

/**
 * The trainer's metrics: how long each training job took and how it ended, when each last
 * succeeded (a stale model pages someone: the alert reads time() minus this), and, read at each
 * scrape from the registry, the active version of each model kind.
 */
@Injectable()
export class TrainingMetrics {
  private readonly duration: Histogram<'job' | 'outcome'>;
  private readonly lastSuccess: Gauge<'job'>;

  constructor(metrics: LatencyMetrics, registry: ModelRegistry) {
    this.duration = new Histogram({
      name: 'training_job_duration_seconds',
      help: 'Duration of a training job, by job and outcome',
      labelNames: ['job', 'outcome'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
      registers: [metrics.registry],
    });
    this.lastSuccess = new Gauge({
      name: 'training_last_success_timestamp_seconds',
      help: 'Unix time at which a training job last completed, by job',
      labelNames: ['job'],
      registers: [metrics.registry],
    });
    new Gauge({
      name: 'model_active_version',
      help: 'The active version of each model kind (absent when none is active)',
      labelNames: ['kind'],
      registers: [metrics.registry],
      async collect() {
        const listed = await registry.list().catch(() => null);
        this.reset();
        for (const [kind, version] of Object.entries(listed?.active ?? {})) this.set({ kind }, Number(version));
      },
    });
  }

  /** Times `work` as the job `job`. */
  async timed<T>(job: string, work: () => Promise<T>): Promise<T> {
    const end = this.duration.startTimer({ job });
    try {
      const result = await work();
      end({ outcome: 'completed' });
      this.lastSuccess.set({ job }, Date.now() / 1000);
      return result;
    } catch (err) {
      end({ outcome: 'failed' });
      throw err;
    }
  }
}
