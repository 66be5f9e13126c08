/** How a job step reports progress: a log line and a percentage of the whole job. */
export interface JobReport {
  log(message: string): Promise<void>;
  progress(percent: number): Promise<void>;
}

/** A report mapping a step's 0..1 onto [from, to] of the job's percentage. */
export function stepReport(
  parent: JobReport,
  from: number,
  to: number,
): { log: (m: string) => Promise<void>; at: (fraction: number) => Promise<void> } {
  return {
    log: (m) => parent.log(m),
    at: (f) => parent.progress(Math.round(from + (to - from) * Math.min(1, Math.max(0, f)))),
  };
}
