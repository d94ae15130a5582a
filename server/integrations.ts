import { existsSync } from 'node:fs';
import type { AppDeps } from './app.ts';
import type { Scope } from '../jobs/report/summary.ts';

/** A function the kill switch throttled, as the dashboard shows it. */
export interface ThrottledView {
  id: number;
  functionArn: string;
  functionName: string;
  accountId: string;
  region: string;
  throttledAt: string;
  throttledBy: string;
  reason: string;
  previousConcurrency: number | null;
  alertId: number | null;
  savedUsd: string | null;
}

export interface RunawayIntegration {
  listThrottled(deps: AppDeps): ThrottledView[];
  getThrottled(deps: AppDeps, id: number): ThrottledView | undefined;
  /** Calls the runaway issue's restore; throws ConflictError when the function is not throttled. */
  restore(deps: AppDeps, functionArn: string, by: { actor: string; reason: string }): Promise<unknown>;
  /** Invocations per minute of a function around [from, to). */
  samples(deps: AppDeps, functionArn: string, from: string, to: string): Array<{ minute: string; invocations: number; errors: number | null; throttles: number | null }>;
}

export interface FindingView {
  id: number;
  accountId: string;
  owner: string | null;
  owners: string[];
  check: string;
  resourceType: string;
  resourceId: string;
  resourceName: string | null;
  region: string;
  title: string;
  monthlyWasteUsd: string;
  estimate: boolean;
  command: string;
  state: string;
  snoozedUntil: string | null;
  detectedAt: string;
}

export interface IdleIntegration {
  findings(deps: AppDeps, scope: Scope): FindingView[];
  getFinding(deps: AppDeps, id: number): FindingView | undefined;
  snooze(deps: AppDeps, id: number, opts: { days: number; actor: string }): Promise<unknown>;
}

/**
 * The kill switch (issue 3) and idle findings (issue 4) are separate features: the dashboard uses their adapters
 * in ./integrations/ when those are present, and shows an "not installed" state otherwise.
 */
async function load<T>(file: string, name: string): Promise<T | null> {
  const url = new URL(file, import.meta.url);
  if (!existsSync(url)) return null;
  const mod = (await import(url.href)) as Record<string, unknown>;
  const v = mod[name] as T | undefined;
  return v ?? null;
}

let runaway: Promise<RunawayIntegration | null> | undefined;
let idle: Promise<IdleIntegration | null> | undefined;

export const integrations = {
  runaway: () => (runaway ??= load<RunawayIntegration>('./integrations/runaway.ts', 'runawayIntegration')),
  idle: () => (idle ??= load<IdleIntegration>('./integrations/idle.ts', 'idleIntegration')),
};
