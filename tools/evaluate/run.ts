/** The evaluate command as a function: load, split, evaluate, report (used by main.ts and the tests). */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { truthRows } from '@app/offline/baselines/truth';
import { loadDataset } from '@app/offline/evaluation/data';
import { evaluate, type AlgorithmResult, type EvaluationSummary } from '@app/offline/evaluation/evaluate';
import { algorithmNames, createAlgorithm, type AlgorithmContext } from '@app/offline/evaluation/registry';
import { resultsSvg, resultsTable } from '@app/offline/evaluation/report';
import { randomSplit, temporalSplit } from '@app/offline/evaluation/split';
import { loadTruthScorers } from '@app/offline/evaluation/truth-source';
import { DEFAULT_ALGORITHMS } from './algorithms';
import { UsageError, type EvaluateArgs } from './args';

export interface EvaluateReport {
  parameters: EvaluateArgs & { algorithms: string[] };
  data: EvaluationSummary & { rows: number; duplicatesDropped: number; selfSwipesDropped: number; numericIds: boolean };
  notes: string[];
  results: AlgorithmResult[];
  seconds: number;
}

/** Runs the whole command; returns the report and the text printed to stdout. */
export async function runEvaluate(
  args: EvaluateArgs,
  log: (msg: string) => void = () => {},
): Promise<{ report: EvaluateReport; text: string }> {
  const t0 = performance.now();
  // Name errors are cheap to catch before minutes of loading.
  const unknown = (args.algorithms ?? []).filter((a) => !algorithmNames().includes(a));
  if (unknown.length > 0)
    throw new UsageError(`unknown algorithm(s) ${unknown.join(', ')} (registered: ${algorithmNames().join(', ')})`);
  const needsTruth = (args.algorithms ?? []).filter((a) => a.startsWith('truth'));
  if (needsTruth.length > 0 && !args.truth)
    throw new UsageError(`algorithm "${needsTruth[0]}" needs --truth and --users`);
  log(`reading ${args.users ? `${args.users} and ` : ''}${args.interactions}`);
  const data = await loadDataset({
    interactions: args.interactions,
    users: args.users,
    requireTimestamp: args.split === 'temporal',
  });
  log(
    `${data.userIds.length} users, ${data.actor.length} interactions (${data.stats.duplicates} repeated pairs collapsed)`,
  );
  const truthScorers = args.truth && data.users ? await loadTruthScorers(args.truth, data.users) : null;
  if (truthScorers && !data.numericIds) throw new Error('--truth needs numeric user ids in the CSV and users file');
  const names = args.algorithms ?? [...DEFAULT_ALGORITHMS, ...(truthScorers ? ['truth'] : [])];
  const rows = truthScorers ? truthRows(truthScorers.full) : null;
  const ctx: AlgorithmContext = {
    seed: args.seed,
    users: data.users,
    truthRows: rows,
    truthWithoutTasteRows: truthScorers ? truthRows(truthScorers.withoutTaste) : null,
    log,
  };
  const algorithms = [];
  for (const name of names) algorithms.push(await createAlgorithm(name, ctx));

  const mask =
    args.split === 'temporal'
      ? temporalSplit(data.ts, args.testFraction)
      : randomSplit(data.actor.length, args.testFraction, args.seed);
  const { summary, results } = await evaluate(data, mask, algorithms, {
    ks: args.ks,
    seed: args.seed,
    maxActors: args.maxActors,
    candidates: args.candidates,
    truthRows: rows,
    onProgress: log,
  });

  const notes: string[] = [];
  notes.push(
    summary.sampled
      ? `Evaluated a seeded sample of ${summary.actorsEvaluated} of the ${summary.actorsWithTestLikes} actors with held-out likes (--max-actors ${args.maxActors}).`
      : `Evaluated all ${summary.actorsEvaluated} actors with held-out likes.`,
  );
  notes.push(
    `Candidates: ${args.candidates === 'all' ? 'every known user' : 'mutually compatible users'} except the actor and those the actor swiped in training (mean ${summary.meanCandidates.toFixed(0)} per actor).`,
  );
  if (data.stats.duplicates > 0)
    notes.push(`${data.stats.duplicates} repeated (actor, target) rows collapsed to the last one.`);
  if (rows)
    notes.push(
      `Hidden-truth scores took ${summary.truthSeconds.toFixed(2)} s (shared by truth_ndcg and algorithm "truth", whose score time excludes them).`,
    );
  if (data.stats.selfSwipes > 0) notes.push(`${data.stats.selfSwipes} self-swipes dropped.`);
  const report: EvaluateReport = {
    parameters: { ...args, algorithms: names },
    data: {
      ...summary,
      rows: data.stats.rows,
      duplicatesDropped: data.stats.duplicates,
      selfSwipesDropped: data.stats.selfSwipes,
      numericIds: data.numericIds,
    },
    notes,
    results,
    seconds: (performance.now() - t0) / 1000,
  };
  const head =
    `evaluate: ${summary.users} users, ${summary.trainInteractions} train / ${summary.testInteractions} test interactions ` +
    `(${args.split} split, test fraction ${args.testFraction}, seed ${args.seed})`;
  const text = [head, ...notes, '', resultsTable(results, args.ks), ''].join('\n');
  if (args.out) {
    await mkdir(dirname(args.out), { recursive: true });
    await writeFile(args.out, JSON.stringify(report, null, 2) + '\n');
  }
  if (args.chart) {
    await mkdir(dirname(args.chart), { recursive: true });
    const title = `Offline evaluation: ${summary.users} users, ${summary.actorsEvaluated} test actors, ${args.split} split, seed ${args.seed}`;
    await writeFile(args.chart, resultsSvg(results, args.ks, title));
  }
  return { report, text };
}
