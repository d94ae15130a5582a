import type { Db } from '../index.ts';
import { createAccountsRepo } from './accounts.ts';
import { createAlertsRepo } from './alerts.ts';
import { createBudgetsRepo } from './budgets.ts';
import { createJobRunsRepo } from './jobRuns.ts';
import { createMetaRepo } from './meta.ts';
import { createInstanceLockRepo } from './instanceLock.ts';
import { createOutboxRepo } from './outbox.ts';
import { createSpendRepo } from './spend.ts';
import { createSpendStagingRepo } from './spendStaging.ts';
import { createIdleRepo } from './idle.ts';
import { createRunawayRepo } from './runaway.ts';
import { createDashboardRepo } from './dashboard.ts';
import { createSessionsRepo } from './sessions.ts';

/** Every repository, built once per database handle. Later features add theirs here. */
export function createRepos(db: Db) {
  const spendStaging = createSpendStagingRepo(db);
  return {
    db,
    accounts: createAccountsRepo(db),
    spendStaging,
    spend: createSpendRepo(db, spendStaging),
    budgets: createBudgetsRepo(db),
    jobRuns: createJobRunsRepo(db),
    alerts: createAlertsRepo(db),
    outbox: createOutboxRepo(db),
    meta: createMetaRepo(db),
    instanceLock: createInstanceLockRepo(db),
    idle: createIdleRepo(db),
    runaway: createRunawayRepo(db),
    dashboard: createDashboardRepo(db), sessions: createSessionsRepo(db),
  };
}

export type Repos = ReturnType<typeof createRepos>;
