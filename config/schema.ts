import { z } from 'zod';
import {
  alertsSection, awsSection, budgetsSection, databaseSection, emailSection, logSection, organizationSection,
  outboxSection, regionsSection, schedulesSection, serverSection, spendSection,
} from './sections/core.ts';
import { runawaySection } from './sections/runaway.ts';
import { idleSection } from './sections/idle.ts';
import { authSection } from './sections/auth.ts';

/** The whole configuration file. Every object is strict: an unknown key is an error with a suggestion. */
export const configSchema = z.strictObject({
  organization: organizationSection,
  regions: regionsSection,
  database: databaseSection.prefault({}),
  schedules: schedulesSection.prefault({}),
  budgets: budgetsSection.prefault({}),
  spend: spendSection.prefault({}),
  alerts: alertsSection.prefault({}),
  email: emailSection.prefault({}),
  outbox: outboxSection.prefault({}),
  aws: awsSection.prefault({}),
  server: serverSection.prefault({}),
  log: logSection.prefault({}),
  runaway: runawaySection.prefault({}),
  idle: idleSection.prefault({}),
  auth: authSection.prefault({}),
});

export type ConfigFile = z.infer<typeof configSchema>;
export type JobId = keyof ConfigFile['schedules'];
