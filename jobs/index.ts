import type { JobId } from '../config/schema.ts';
import { InputError } from '../core/errors.ts';
import { discoverJob } from './discover.ts';
import { outboxJob } from './outbox.ts';
import { spendJob } from './spend.ts';
import { reportJob } from './report.ts';
import { idleJob } from './idle.ts';
import { notifyJob } from './notify.ts';
import { runawayJob } from './runaway.ts';
import type { Job } from './types.ts';

/** Every job Warden can run, by id. A job's schedule is `schedules.<id>` in the configuration. */
export const JOBS: Partial<Record<JobId, Job>> = {
  discover: discoverJob,
  spend: spendJob,
  outbox: outboxJob,
  report: reportJob,
  idle: idleJob,
  notify: notifyJob,
  runaway: runawayJob,
};

export function jobIds(): JobId[] {
  return Object.keys(JOBS) as JobId[];
}

export function getJob(id: string): Job {
  const job = JOBS[id as JobId];
  if (!job) throw new InputError(`unknown job "${id}"; valid jobs: ${jobIds().join(', ')}`, 'job');
  return job;
}
