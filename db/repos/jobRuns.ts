import type { Db } from '../index.ts';

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'abandoned';

export interface RunError {
  accountId: string | null;
  region: string | null;
  message: string;
}

export interface JobRunRow {
  id: number;
  job: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
  apiCalls: Record<string, number>;
  apiCostNano: bigint;
  report: Record<string, unknown> | null;
  error: string | null;
  errors: RunError[];
}

const COLUMNS = `id, job, status, started_at AS startedAt, finished_at AS finishedAt, api_calls AS apiCalls,
  api_cost_nano AS apiCostNano, report, error`;

export function createJobRunsRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO job_runs (job, status, started_at) VALUES (?, 'running', ?)`);
  const finishStmt = db.prepare(`UPDATE job_runs SET status = @status, finished_at = @finishedAt, api_calls = @apiCalls,
    api_cost_nano = @apiCostNano, report = @report, error = @error WHERE id = @id`);
  const insertError = db.prepare('INSERT INTO job_run_errors (run_id, account_id, region, message) VALUES (?, ?, ?, ?)');
  const errorsOf = db.prepare('SELECT account_id AS accountId, region, message FROM job_run_errors WHERE run_id = ? ORDER BY rowid');
  const recent = db.prepare(`SELECT ${COLUMNS} FROM job_runs WHERE (@job IS NULL OR job = @job) ORDER BY id DESC LIMIT @limit`).safeIntegers(false);
  const lastPerJob = db.prepare(`SELECT ${COLUMNS} FROM job_runs WHERE id IN (SELECT MAX(id) FROM job_runs WHERE status != 'running' GROUP BY job) ORDER BY job`);
  const abandon = db.prepare(`UPDATE job_runs SET status = 'abandoned', finished_at = ?, error = 'process stopped before the run finished' WHERE status = 'running'`);

  function hydrate(r: Record<string, unknown>): JobRunRow {
    return {
      ...(r as unknown as JobRunRow),
      apiCalls: JSON.parse(String(r.apiCalls ?? '{}')),
      apiCostNano: BigInt(r.apiCostNano as number),
      report: r.report ? JSON.parse(String(r.report)) : null,
      errors: errorsOf.all(r.id) as RunError[],
    };
  }

  return {
    start: (job: string, startedAt: string): number => Number(insert.run(job, startedAt).lastInsertRowid),
    finish: db.transaction((id: number, f: { status: RunStatus; finishedAt: string; apiCalls: Record<string, number>; apiCostNano: bigint; report: unknown; error?: string | null; errors: RunError[] }) => {
      finishStmt.run({ id, status: f.status, finishedAt: f.finishedAt, apiCalls: JSON.stringify(f.apiCalls), apiCostNano: f.apiCostNano, report: JSON.stringify(f.report), error: f.error ?? null });
      for (const e of f.errors) insertError.run(id, e.accountId, e.region, e.message);
    }),
    recent: (limit = 50, job: string | null = null): JobRunRow[] => recent.all({ job, limit }).map((r) => hydrate(r as Record<string, unknown>)),
    lastPerJob: (): JobRunRow[] => lastPerJob.all().map((r) => hydrate(r as Record<string, unknown>)),
    /** Runs left 'running' by a crashed process are marked abandoned at start. */
    abandonRunning: (now: string): number => abandon.run(now).changes,
  };
}

export type JobRunsRepo = ReturnType<typeof createJobRunsRepo>;
