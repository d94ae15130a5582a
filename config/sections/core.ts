import { z } from 'zod';
import { validate as validateCron } from 'node-cron';
import { envRef } from '../secret.ts';

const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const ouOrRootId = z.string().regex(/^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/, 'must be an OU id (ou-xxxx-xxxxxxxx) or a root id (r-xxxx)');
const region = z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region name such as us-east-1');
export const cron = z.string().refine((s) => validateCron(s), 'must be a valid cron expression (5 or 6 fields)');
export const email = z.email('must be an email address');

export const organizationSection = z.strictObject({
  sandboxOus: z.array(ouOrRootId).min(1, 'list at least one sandbox OU (or the root id)'),
  memberRoleName: z.string().regex(/^[\w+=,.@-]{1,64}$/, 'must be an IAM role name').default('OrganizationAccountAccessRole'),
  externalId: z.string().min(2).max(1224).optional(),
  excludeAccounts: z.array(accountId).default([]),
  accountCacheMinutes: z.number().int().min(0).default(60),
  /** discover assumes the member role in every sandbox to prove access (one cached AssumeRole per account). */
  verifyAccess: z.boolean().default(true),
});

export const regionsSection = z.array(region).min(1).default(['us-east-1']);

export const databaseSection = z.strictObject({
  path: z.string().min(1).default('./data/warden.db'),
  busyTimeoutMs: z.number().int().min(0).max(600_000).default(5000),
});

/** Default cadences: discovery hourly, spend every 6 h (Cost Explorer refreshes ~3x a day), outbox every minute. */
export const schedulesSection = z.strictObject({
  discover: cron.default('15 * * * *'),
  spend: cron.default('30 */6 * * *'),
  outbox: cron.default('* * * * *'),
  runaway: cron.default('* * * * *'),
  idle: cron.default('0 6 * * *'),
  notify: cron.default('0 8 * * *'),
  report: cron.default('0 8 * * 1'),
});

export const budgetsSection = z.strictObject({
  defaultMonthlyUsd: z.number().positive().default(100),
  accounts: z.record(accountId, z.number().positive()).default({}),
  thresholds: z.array(z.number().positive().max(1000)).min(1).default([50, 80, 100]),
  forecast: z.enum(['projection', 'cost-explorer']).default('projection'),
});

export const spendSection = z.strictObject({
  metric: z.enum(['UnblendedCost', 'AmortizedCost', 'NetUnblendedCost', 'NetAmortizedCost', 'BlendedCost']).default('UnblendedCost'),
  windowDays: z.number().int().min(1).max(90).default(14),
  backfillDays: z.number().int().min(1).max(400).default(91),
  currency: z.string().regex(/^[A-Z]{3}$/).default('USD'),
});

export const alertsSection = z.strictObject({
  managers: z.array(email).default([]),
  webhookUrl: z.union([z.url({ protocol: /^https?$/ }), envRef]).optional(),
});

export const emailSection = z.strictObject({
  transport: z.enum(['smtp', 'ses', 'none']).default('none'),
  from: email.default('warden@localhost.localdomain'),
  smtp: z
    .strictObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(1).max(65535).default(587),
      secure: z.boolean().default(false),
      user: z.string().optional(),
      password: envRef.optional(),
      requireTLS: z.boolean().default(false),
      timeoutMs: z.number().int().positive().default(10_000),
    })
    .prefault({}),
  ses: z.strictObject({ region: region.default('us-east-1') }).prefault({}),
});

export const outboxSection = z.strictObject({
  maxAttempts: z.number().int().min(1).max(100).default(12),
  baseDelaySeconds: z.number().int().min(1).default(60),
  maxDelaySeconds: z.number().int().min(1).default(3600),
});

export const awsSection = z.strictObject({
  concurrency: z.number().int().min(1).max(256).default(16),
  maxAttempts: z.number().int().min(1).max(10).default(3),
  retryMode: z.enum(['standard', 'adaptive']).default('standard'),
  maxSockets: z.number().int().min(1).max(1024).default(64),
  requestTimeoutMs: z.number().int().min(100).default(30_000),
  managementRegion: region.default('us-east-1'),
});

export const serverSection = z.strictObject({
  host: z.string().default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(8080),
  publicUrl: z.url().default('http://127.0.0.1:8080'),
  shutdownGraceMs: z.number().int().min(0).default(30_000),
  /** Signs session cookies and snooze links; if unset a random key is generated and kept in the database. */
  secret: envRef.optional(),
});

export const logSection = z.strictObject({
  level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});
