import type { IdleCheck } from '../types.ts';
import { ebsUnattached } from './ebsUnattached.ts';
import { ebsGp2 } from './ebsGp2.ts';
import { snapshotOld } from './snapshotOld.ts';
import { eipUnassociated } from './eipUnassociated.ts';
import { ec2LowCpu } from './ec2LowCpu.ts';
import { ec2Stopped } from './ec2Stopped.ts';
import { natIdle } from './natIdle.ts';
import { lbNoTargets } from './lbNoTargets.ts';
import { lambdaProvisionedIdle } from './lambdaProvisionedIdle.ts';
import { lambdaNoInvocations } from './lambdaNoInvocations.ts';
import { logsNoRetention } from './logsNoRetention.ts';
import { expired } from './expired.ts';

/** Every idle check, in the order the README lists them. Config keys are idle.checks.<id>.*. */
export const CHECKS: readonly IdleCheck[] = [
  ebsUnattached, ebsGp2, snapshotOld, eipUnassociated, ec2LowCpu, ec2Stopped, natIdle, lbNoTargets,
  lambdaProvisionedIdle, lambdaNoInvocations, logsNoRetention, expired,
];

export const CHECK_IDS = CHECKS.map((c) => c.id);

/** IAM actions the member role needs for all enabled checks plus the inventory itself. */
export function requiredPermissions(checks: readonly IdleCheck[] = CHECKS): string[] {
  return [...new Set(['tag:GetResources', ...checks.flatMap((c) => c.permissions)])].sort();
}
