import type { Db } from '../index.ts';
import { createRunawayInventoryRepo } from './runawayInventory.ts';
import { createRunawaySamplesRepo } from './runawaySamples.ts';
import { createRunawayThrottlesRepo } from './runawayThrottles.ts';

/** Runaway detection: function inventory (+ live burn), per-minute samples, kill-switch actions. */
export function createRunawayRepo(db: Db) {
  return {
    inventory: createRunawayInventoryRepo(db),
    samples: createRunawaySamplesRepo(db),
    throttles: createRunawayThrottlesRepo(db),
  };
}

export type RunawayRepo = ReturnType<typeof createRunawayRepo>;
export { accountSeriesKey, type SampleRow } from './runawaySamples.ts';
export type { FunctionRow } from './runawayInventory.ts';
export type { ThrottleRow, ThrottleState } from './runawayThrottles.ts';
