import type { Db } from '../index.ts';
import { createIdleFindingsRepo } from './idleFindings.ts';
import { createIdleResourcesRepo } from './idleResources.ts';

/** Idle-resource hygiene: inventoried resources and the findings on them (repos.idle.resources / repos.idle.findings). */
export function createIdleRepo(db: Db) {
  return { resources: createIdleResourcesRepo(db), findings: createIdleFindingsRepo(db) };
}

export type IdleRepo = ReturnType<typeof createIdleRepo>;
