import { z } from 'zod';
import { DETECTORS } from '../../jobs/runaway/detectors/index.ts';

const mode = z.enum(['enforce', 'dry-run']);
const accountId = z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id');
const ouKey = z.string().regex(/^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32}|Root(\/[^/]+)*)$/, 'must be an OU id (ou-xxxx-xxxxxxxx), a root id, or an OU path such as Root/Sandboxes/Data');

/**
 * Detector limits, each key validated by its detector's own schema. Every key is optional here: unset ones come from
 * the detector defaults (global) or the level above (OU < account < function tag). 0 or a negative limit is rejected.
 */
export const detectorParams = z.strictObject(
  Object.fromEntries(DETECTORS.map((d) => [d.id, d.parameters.partial().optional()])) as Record<string, z.ZodOptional<z.ZodObject>>,
);

const level = z.strictObject({ mode: mode.optional(), detectors: detectorParams.optional() });

const arnPattern = z.string().regex(/^arn:[a-z*-]*:lambda:[a-z0-9*-]*:[\d*]*:function:[\w*.:-]+$/, 'must be a Lambda function ARN pattern (arn:aws:lambda:<region>:<account>:function:<name>, * allowed)');

export const runawaySection = z.strictObject({
  /** enforce: throttle offenders to 0; dry-run: alert and report what would have been done. */
  mode: mode.default('enforce'),
  exemptTagKey: z.string().min(1).max(128).default('warden:exempt'),
  /** Tag naming the developer (an email) who gets the alert; otherwise the account's email. */
  ownerTagKey: z.string().min(1).max(128).default('owner'),
  allowFunctions: z.array(arnPattern).default([]),
  maxKillsPerSweep: z.number().int().positive('must be at least 1').default(10),
  lookbackMinutes: z.number().int().min(5).max(180).default(30),
  inventoryRefreshMinutes: z.number().int().positive('must be greater than 0').default(15),
  retentionDays: z.number().int().positive('must be greater than 0').default(14),
  /** After a restore, limits are multiplied by cooldownMargin for cooldownMinutes. */
  cooldownMinutes: z.number().int().min(0).default(60),
  cooldownMargin: z.number().gt(1, 'must be greater than 1 (it widens the limits)').default(2),
  /** Stage 1 drills into per-function metrics when the account-level series reach this fraction of the lowest limit. */
  drilldownFraction: z.number().positive('must be greater than 0').max(1).default(0.5),
  detectors: detectorParams.prefault({}),
  overrides: z.strictObject({
    ous: z.record(ouKey, level).default({}),
    accounts: z.record(accountId, level).default({}),
    tags: z.array(z.strictObject({ key: z.string().min(1), value: z.string().optional(), detectors: detectorParams })).default([]),
  }).prefault({}),
});

export type RunawayConfig = z.infer<typeof runawaySection>;
