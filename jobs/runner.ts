import type { JobId } from '../config/schema.ts';
import { errorMessage } from '../core/errors.ts';
import { formatAmount } from '../core/money.ts';
import type { RunError, RunStatus } from '../db/repos/jobRuns.ts';
import { ApiMeter } from '../aws/meter.ts';
import { noProgress, type Deps, type Job, type Progress } from './types.ts';

export interface RunReport {
  job: JobId;
  runId: number;
  status: Exclude<RunStatus, 'running' | 'abandoned'>;
  startedAt: string;
  finishedAt: string;
  errors: Array<{ accountId: string | null; region: string | null; message: string }>;
  apiCalls: Record<string, number>;
  apiCostUsd: string;
  error?: string;
  [extra: string]: unknown;
}

/** Runs one job once: records the run in job_runs, isolates failures, flushes the outbox, returns the report. */
export async function runJob(job: Job, deps: Deps, progress: Progress = noProgress): Promise<RunReport> {
  const startedAt = deps.clock.now().toISOString();
  const runId = deps.repos.jobRuns.start(job.id, startedAt);
  const log = deps.logger.child({ job: job.id, runId });
  const meter = new ApiMeter();
  const session = deps.aws.session(meter);
  const errors: RunError[] = [];
  const t0 = performance.now();
  let extras: Record<string, unknown> = {};
  let fatal: unknown;
  log.info('job started');
  try {
    extras = await job.run({
      ...deps, job: job.id, runId, session, log, progress,
      recordError(accountId, region, message) {
        errors.push({ accountId, region, message });
        log.warn({ accountId, region, err: message }, 'account failed');
      },
    });
  } catch (err) {
    fatal = err;
    log.error({ err: errorMessage(err) }, 'job failed');
  }
  try {
    const flushed = await deps.notifier.flush();
    if (flushed.sent || flushed.retrying || flushed.dead) log.info(flushed, 'outbox flushed');
  } catch (err) {
    log.warn({ err: errorMessage(err) }, 'outbox flush failed; messages stay queued');
  }
  const snap = meter.snapshot();
  const status: RunReport['status'] = fatal ? 'failed' : errors.length ? 'partial' : 'ok';
  const finishedAt = deps.clock.now().toISOString();
  const report: RunReport = {
    job: job.id, runId, status, startedAt, finishedAt, errors, apiCalls: snap.apiCalls, apiCostUsd: formatAmount(snap.apiCostNano, 2),
    ...(fatal ? { error: errorMessage(fatal) } : {}),
    ...extras,
  };
  deps.repos.jobRuns.finish(runId, { status, finishedAt, apiCalls: snap.apiCalls, apiCostNano: snap.apiCostNano, report, error: fatal ? errorMessage(fatal) : null, errors });
  log.info({ status, errors: errors.length, apiCalls: Object.values(snap.apiCalls).reduce((a, b) => a + b, 0), apiCostUsd: report.apiCostUsd, ms: Math.round(performance.now() - t0) }, 'job finished');
  return report;
}
