import { z } from 'zod';
import { CHECKS } from '../../jobs/idle/checks/index.ts';

/**
 * idle.checks.<id>: each check's own parameters (thresholds, with defaults) plus `enabled`. The object is strict, so
 * an unknown check id fails at start and the error lists the valid ids.
 */
const checksShape = Object.fromEntries(
  CHECKS.map((c) => [c.id, c.parameters.extend({ enabled: z.boolean().default(true) }).prefault({})]),
) as unknown as Record<string, z.ZodType<Record<string, unknown> & { enabled: boolean }>>;

const tagKey = z.string().min(1).max(128);

export const idleSection = z.strictObject({
  checks: z.strictObject(checksShape).prefault({}),
  /** Tags whose value names the owner (one or several emails split on , ; or space), tried in order. */
  ownerTagKeys: z.array(tagKey).min(1).default(['owner', 'Owner', 'created-by']),
  /** Receives findings when neither a tag nor the account email gives an owner. */
  fallbackOwner: z.email('must be an email address').optional(),
  /** How long a snooze (from the email link or the dashboard) hides a finding. */
  snoozeDays: z.number().int().min(1).max(365).default(14),
  /** A finding already mailed is mailed again at most this often while it stays open; 0 = never remind. */
  remindEveryDays: z.number().int().min(0).max(365).default(7),
  /** Tag holding an expiry date (YYYY-MM-DD or ISO date-time). */
  expiryTagKey: tagKey.default('expires'),
  /** How long a snooze link in a digest stays valid. */
  snoozeLinkDays: z.number().int().min(1).max(90).default(30),
  /** Concurrent per-resource follow-up calls (target health, provisioned concurrency) per account-region. */
  detailConcurrency: z.number().int().min(1).max(16).default(4),
});

export type IdleConfig = z.infer<typeof idleSection>;
