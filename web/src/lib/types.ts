/** Shapes of the API answers the pages use (see /docs for the full OpenAPI). */
export interface Mover { accountId?: string; service?: string; name?: string; thisWeek: string; lastWeek: string; change: string; changePercent: number | null }
export interface Budget {
  accountId: string; name: string; owner: string; status: 'over' | 'at-risk' | 'ok'; monthToDate: string; forecast: string | null; budget: string;
  actualPercent: number; forecastPercent: number | null;
}
export interface Overview {
  currency: string; today: string;
  thisWeek: { week: string; start: string; total: string; change: string; changePercent: number | null };
  lastWeek: { week: string; total: string };
  weekToDate: { start: string; total: string };
  stacked: { labels: string[]; datasets: Array<{ accountId: string | null; label: string; data: number[] }> };
  daily: Array<{ day: string; total: string; avg7: string }>;
  movers: { accounts: Mover[]; services: Mover[] };
  budgets: Budget[];
  budgetCounts: { over: number; atRisk: number; ok: number; total: number };
  openIncidents: { total: number; critical: number };
}
export interface Alert {
  id: number; kind: string; severity: string; accountId: string | null; accountName: string | null; resource: string | null; title: string;
  state: string; openedAt: string; updatedAt: string; resolvedAt: string | null; evidence: Record<string, unknown>;
}
export interface Throttled {
  id: number; functionArn: string; functionName: string; accountId: string; accountName: string | null; region: string; throttledAt: string;
  throttledBy: string; reason: string; previousConcurrency: number | null; alertId: number | null; savedUsd: string | null;
}
export interface Finding {
  id: number; accountId: string; accountName: string | null; owner: string | null; owners: string[]; check: string; resourceType: string; resourceId: string;
  resourceName: string | null; region: string; title: string; monthlyWasteUsd: string; state: string; snoozedUntil: string | null; command: string;
}
export interface Idle { available: boolean; totalMonthlyWasteUsd: string; owners: Array<{ owner: string; monthlyWasteUsd: string; findings: number }>; findings: Finding[] }
export interface Account extends Budget {
  id: string; awsStatus: string; ouPath: string | null; budgetStatus: string;
  lastSweep: { status: string; at: string | null; jobs: Array<{ job: string; status: string; at: string | null; error: string | null }> };
}
export interface Run {
  id: number; job: string; status: string; startedAt: string; finishedAt: string | null; durationMs: number | null; apiCallCount: number;
  apiCalls: Record<string, number>; apiCostUsd: string; error: string | null; errors: Array<{ accountId: string | null; region: string | null; message: string }>;
}
export interface Daily { account: string | null; from: string; to: string; clamped: boolean; currency: string; days: string[]; services: Array<{ service: string; total: string; data: number[] }> }
