/**
 * The full retrain as an operator runs it: POST /recommendations/refresh as the app's backend,
 * follow GET /recommendations/jobs/{id} to the end, then wait until the serving side (the
 * candidate-service's index, the feature and ranking services' models) is on the new versions.
 */
import type { JobStatusView, TrainingJobResult } from '@app/contracts';
import { ok } from '@app/client';
import { gatewayClient } from './gateway-client';
import { sleep, waitFor } from './wait';

export interface RetrainResult {
  jobId: string;
  state: JobStatusView['state'];
  attempts: number;
  /** From the POST to the job's completion, as the operator waits. */
  wallSeconds: number;
  /** The job's own per-step seconds (aggregates, load, embeddings, ranker, models, index...). */
  stepSeconds: Record<string, number>;
  models: TrainingJobResult['models'];
  failedReason: string | null;
  logTail: string[];
}

const BASE = '/api/v1/recommendations' as const;

export async function runFullRetrain(base: string, admin: string, timeoutMs: number): Promise<RetrainResult> {
  const t0 = Date.now();
  const client = gatewayClient(base, admin);
  const { job_id: jobId } = await ok(client.POST(`${BASE}/refresh`, { body: { reason: 'npm run bench' } }));
  const readJob = async () =>
    (await ok(client.GET(`${BASE}/jobs/{job_id}`, { params: { path: { job_id: jobId } } }))) as JobStatusView;
  console.log(`retrain: job ${jobId} enqueued`);
  let job: JobStatusView | null = null;
  let shown = '';
  while (Date.now() - t0 < timeoutMs) {
    job = await readJob();
    const progress = typeof job.progress === 'number' ? `${job.progress}%` : JSON.stringify(job.progress);
    const last = job.logs[job.logs.length - 1] ?? '';
    const line = `retrain: ${job.state} ${progress} ${last}`.slice(0, 160);
    if (line !== shown) console.log(`  ${line}  (${Math.round((Date.now() - t0) / 1000)} s)`);
    shown = line;
    if (job.state === 'completed' || job.state === 'failed') break;
    await sleep(2000);
  }
  if (!job || (job.state !== 'completed' && job.state !== 'failed'))
    throw new Error(`retrain job ${jobId} did not finish within ${timeoutMs / 1000} s`);
  // GET /jobs/{id} reads the job, then its state: right at completion it can answer "completed"
  // with no result yet (seen at 100k users). Read again until the result is there.
  for (let i = 0; i < 20 && job.state === 'completed' && job.result == null; i++) {
    await sleep(500);
    job = await readJob();
  }
  const result = (job.result ?? null) as TrainingJobResult | null;
  return {
    jobId,
    state: job.state,
    attempts: job.attempts,
    wallSeconds: (Date.now() - t0) / 1000,
    stepSeconds: result?.seconds ?? {},
    models: result?.models ?? {},
    failedReason: job.failed_reason,
    logTail: job.logs.slice(-30),
  };
}

/** Active versions by kind, as GET /health/models reports them. */
export async function activeVersions(base: string): Promise<Record<string, number>> {
  const { models } = await ok(gatewayClient(base).GET('/api/v1/health/models'));
  return Object.fromEntries(models.map((m) => [m.kind, m.version]));
}

/**
 * Waits until recommendation replies carry the active versions: `candidates` (the
 * candidate-service's in-memory index, rebuilt in a worker after activation; a minute or more
 * at 100k users), `embeddings` (feature-service) and `ranker` (ranking-service). Asks for
 * viewers in turn, as admin, until one with candidates shows every version; returns the seconds
 * waited. Must run while the page cache is off, or a cached page would show old versions.
 */
export async function waitForServingModels(
  base: string,
  admin: string,
  viewers: readonly number[],
  active: Record<string, number>,
  timeoutMs: number,
): Promise<number> {
  const t0 = Date.now();
  let i = 0;
  let lastSeen = '';
  const client = gatewayClient(base, admin);
  await waitFor(
    async () => {
      const viewer = viewers[i++ % viewers.length];
      const page = await ok(
        client.GET(`${BASE}/users/{user_id}/recommendations`, { params: { path: { user_id: viewer } } }),
      );
      const v = page.model_versions;
      const seen = `candidates ${v.candidates}, embeddings ${v.embeddings}, ranker ${v.ranker}`;
      if (seen !== lastSeen)
        console.log(
          `  serving: ${seen} (active: ${JSON.stringify(active)}, ${Math.round((Date.now() - t0) / 1000)} s)`,
        );
      lastSeen = seen;
      if (page.items.length === 0) throw new Error(`viewer ${viewer} got no candidates`);
      const want = (kind: string, got: number | null | undefined) => active[kind] === undefined || got === active[kind];
      if (!want('embeddings', v.candidates) || !want('embeddings', v.embeddings) || !want('ranker', v.ranker))
        throw new Error(`serving ${seen}`);
    },
    timeoutMs,
    'the new models in every service',
    1000,
  );
  return (Date.now() - t0) / 1000;
}
