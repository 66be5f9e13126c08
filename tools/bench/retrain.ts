/**
 * The full retrain as an operator runs it: POST /recommendations/refresh as the app's backend,
 * follow GET /recommendations/jobs/{id} to the end, then wait until the serving side (the
 * candidate-service's index, the feature and ranking services' models) is on the new versions.
 */
import type { JobStatusView, ModelVersionView, RecommendationsReply, TrainingJobResult } from '@app/contracts';
import { call, recommendationsPath } from './gateway-client';
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

const BASE = '/api/v1/recommendations';

export async function runFullRetrain(base: string, admin: string, timeoutMs: number): Promise<RetrainResult> {
  const t0 = Date.now();
  const enqueued = await call<{ job_id: string }>(base, 'POST', `${BASE}/refresh`, admin, { reason: 'npm run bench' });
  if (enqueued.status !== 202)
    throw new Error(`POST /refresh answered ${enqueued.status}: ${JSON.stringify(enqueued.body)}`);
  const jobId = enqueued.body.job_id;
  console.log(`retrain: job ${jobId} enqueued`);
  let job: JobStatusView | null = null;
  let shown = '';
  while (Date.now() - t0 < timeoutMs) {
    const res = await call<JobStatusView>(base, 'GET', `${BASE}/jobs/${encodeURIComponent(jobId)}`, admin);
    if (res.status !== 200) throw new Error(`GET /jobs/${jobId} answered ${res.status}: ${JSON.stringify(res.body)}`);
    job = res.body;
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
    job = (await call<JobStatusView>(base, 'GET', `${BASE}/jobs/${encodeURIComponent(jobId)}`, admin)).body;
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
  const res = await call<{ models: ModelVersionView[] }>(base, 'GET', '/api/v1/health/models', null);
  if (res.status !== 200) throw new Error(`GET /health/models answered ${res.status}`);
  return Object.fromEntries(res.body.models.map((m) => [m.kind, m.version]));
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
  await waitFor(
    async () => {
      const viewer = viewers[i++ % viewers.length];
      const res = await call<RecommendationsReply>(base, 'GET', recommendationsPath(viewer), admin);
      if (res.status !== 200)
        throw new Error(`recommendations answered ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`);
      const v = res.body.model_versions;
      const seen = `candidates ${v.candidates}, embeddings ${v.embeddings}, ranker ${v.ranker}`;
      if (seen !== lastSeen)
        console.log(
          `  serving: ${seen} (active: ${JSON.stringify(active)}, ${Math.round((Date.now() - t0) / 1000)} s)`,
        );
      lastSeen = seen;
      if (res.body.items.length === 0) throw new Error(`viewer ${viewer} got no candidates`);
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
