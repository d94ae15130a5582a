import cron, { type ScheduledTask } from 'node-cron';
import { errorMessage } from '../core/errors.ts';
import { jobIds, getJob } from './index.ts';
import { runJob } from './runner.ts';
import type { Deps } from './types.ts';

export interface Scheduler {
  /** Stops scheduling, then waits up to `graceMs` for running jobs; returns the ids still running after that. */
  stop(graceMs: number): Promise<string[]>;
  running(): string[];
}

/** Schedules every registered job on its cron expression; the same job never overlaps itself, a failing tick never throws. */
export function startScheduler(deps: Deps): Scheduler {
  const tasks: ScheduledTask[] = [];
  const inFlight = new Map<string, Promise<unknown>>();
  let stopping = false;
  for (const id of jobIds()) {
    const expr = deps.config.schedules[id];
    const job = getJob(id);
    const task = cron.schedule(expr, async () => {
      if (stopping || inFlight.has(id)) return;
      const p = runJob(job, deps)
        .catch((err) => deps.logger.error({ job: id, err: errorMessage(err) }, 'scheduled run crashed'))
        .finally(() => inFlight.delete(id));
      inFlight.set(id, p);
      await p;
    }, { name: `warden-${id}`, noOverlap: true });
    tasks.push(task);
    deps.logger.info({ job: id, schedule: expr }, 'job scheduled');
  }
  return {
    running: () => [...inFlight.keys()],
    async stop(graceMs) {
      stopping = true;
      await Promise.all(tasks.map((t) => t.stop()));
      if (inFlight.size === 0) return [];
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((r) => (timer = setTimeout(r, graceMs)));
      await Promise.race([Promise.allSettled([...inFlight.values()]), timeout]);
      clearTimeout(timer);
      return [...inFlight.keys()];
    },
  };
}
