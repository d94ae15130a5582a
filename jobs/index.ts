import type { JobId } from '../config/schema.ts';
import { InputError } from '../core/errors.ts';
import type { Job } from './types.ts';

/**
 * Every job Warden can run, by id. A job's module is loaded when it first runs, so `warden run runaway` never loads
 * the idle job's EC2 client (~100 MB of RSS; bench/scale.ts measures the peak). Descriptions are the modules' own.
 * A job's schedule is `schedules.<id>` in the configuration.
 */
const JOBS: Record<JobId, { description: string; load: () => Promise<Job> }> = {
  discover: { description: 'Find every sandbox account under the configured OUs (nested OUs included) and record it.', load: async () => (await import('./discover.ts')).discoverJob },
  spend: { description: 'Collect daily spend per account and service from Cost Explorer, forecast the month, evaluate budgets.', load: async () => (await import('./spend.ts')).spendJob },
  outbox: { description: 'Deliver queued emails and webhook posts, retrying failures with backoff.', load: async () => (await import('./outbox.ts')).outboxJob },
  report: { description: 'Email the weekly spend summary (last complete ISO week) to alerts.managers.', load: async () => (await import('./report.ts')).reportJob },
  idle: { description: 'Inventory every sandbox account and region, run the idle checks, and keep findings with estimated monthly waste.', load: async () => (await import('./idle.ts')).idleJob },
  notify: { description: 'Mail each developer one digest of their idle resources (new, snooze ended, or weekly reminder), with snooze links.', load: async () => (await import('./notify.ts')).notifyJob },
  runaway: { description: 'Detect runaway Lambda functions from minute-level CloudWatch metrics and throttle them to 0 (kill switch).', load: async () => (await import('./runaway.ts')).runawayJob },
};

export function jobIds(): JobId[] {
  return Object.keys(JOBS) as JobId[];
}

/** The job with this id; its module is imported on the first run(). InputError listing the valid ids for an unknown one. */
export function getJob(id: string): Job {
  if (!Object.hasOwn(JOBS, id)) throw new InputError(`unknown job "${id}"; valid jobs: ${jobIds().join(', ')}`, 'job');
  const entry = JOBS[id as JobId];
  return { id: id as JobId, description: entry.description, run: async (ctx) => (await entry.load()).run(ctx) };
}
