import {
  DescribeAddressesCommand, paginateDescribeInstances, paginateDescribeNatGateways,
  paginateDescribeSnapshots, paginateDescribeVolumes,
} from '@aws-sdk/client-ec2';
import type { AwsSession } from '../../../aws/clients.ts';
import { BadResponseError } from '../../../core/errors.ts';
import { ec2Arn } from '../arn.ts';
import { normalizeTags } from '../tags.ts';
import { collect, iso, type Fetched, type FetchTarget, type ServiceFetch } from './types.ts';

/** "User initiated (2024-01-31 12:00:00 GMT)" → ISO time; AWS gives no other stop time. */
export function parseTransitionTime(reason: string | undefined): string | null {
  const m = /\((\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})\s*(GMT|UTC|Z)?\)/.exec(reason ?? '');
  return m ? iso(`${m[1]}T${m[2]}Z`) : null;
}

/** EBS volumes are at most 64 TiB: a larger, negative or fractional size is bad data, and would overflow the cost. */
const MAX_VOLUME_GB = 65_536;

function sizeOf(id: string, size: number | undefined): number {
  if (size === undefined) return 0;
  if (!Number.isInteger(size) || size < 0 || size > MAX_VOLUME_GB) throw new BadResponseError(`${id} has an impossible size: ${size} GiB`);
  return size;
}

/** Volumes, snapshots owned by the account, Elastic IPs, instances and NAT gateways of one account-region. */
export async function fetchEc2(session: AwsSession, t: FetchTarget): Promise<ServiceFetch> {
  const ec2 = session.member(t.accountId, 'ec2', t.region);
  const malformedTags: string[] = [];
  const tagsOf = (raw: unknown, what: string) => {
    const n = normalizeTags(raw);
    malformedTags.push(...n.malformed.map((m) => `${what}: ${m}`));
    return n.tags;
  };
  const base = (kind: string, id: string) => ({ arn: ec2Arn(t.region, t.accountId, kind, id), accountId: t.accountId, region: t.region, id });
  const nameOf = (tags: Record<string, string>) => tags.Name ?? null;
  const [volumes, snapshots, addresses, reservations, nats] = await Promise.all([
    collect(paginateDescribeVolumes({ client: ec2, pageSize: 500 }, {})).then((p) => p.flatMap((x) => x.Volumes ?? [])),
    collect(paginateDescribeSnapshots({ client: ec2, pageSize: 1000 }, { OwnerIds: ['self'] })).then((p) => p.flatMap((x) => x.Snapshots ?? [])),
    ec2.send(new DescribeAddressesCommand({})).then((r) => r.Addresses ?? []),
    collect(paginateDescribeInstances({ client: ec2, pageSize: 1000 }, {})).then((p) => p.flatMap((x) => x.Reservations ?? [])),
    collect(paginateDescribeNatGateways({ client: ec2, pageSize: 1000 }, {})).then((p) => p.flatMap((x) => x.NatGateways ?? [])),
  ]);
  const out: Fetched[] = [];
  for (const v of volumes) {
    if (!v.VolumeId) continue;
    const tags = tagsOf(v.Tags, v.VolumeId);
    const attachedTo = (v.Attachments ?? []).filter((a) => a.State !== 'detached').map((a) => a.InstanceId ?? '').filter(Boolean);
    out.push({ ...base('volume', v.VolumeId), type: 'ec2:volume', name: nameOf(tags), tags, state: v.State ?? 'unknown',
      details: { sizeGb: sizeOf(v.VolumeId, v.Size), volumeType: v.VolumeType ?? 'gp2', iops: v.Iops ?? null, state: v.State ?? 'unknown', attachedTo, createdAt: iso(v.CreateTime) } });
  }
  for (const s of snapshots) {
    // OwnerIds: ['self'] is not enough everywhere (the emulator returns public AMI snapshots too): keep our own.
    if (!s.SnapshotId || (s.OwnerId && s.OwnerId !== t.accountId)) continue;
    const tags = tagsOf(s.Tags, s.SnapshotId);
    out.push({ ...base('snapshot', s.SnapshotId), type: 'ec2:snapshot', name: nameOf(tags), tags, state: s.State ?? 'unknown',
      details: { sizeGb: sizeOf(s.SnapshotId, s.VolumeSize), volumeId: s.VolumeId || null, startedAt: iso(s.StartTime), description: s.Description ?? '' } });
  }
  for (const a of addresses) {
    if (!a.AllocationId) continue; // EC2-Classic addresses have no allocation id and no longer exist
    const tags = tagsOf(a.Tags, a.AllocationId);
    const associated = Boolean(a.AssociationId || a.InstanceId || a.NetworkInterfaceId);
    out.push({ ...base('elastic-ip', a.AllocationId), type: 'ec2:elastic-ip', name: nameOf(tags), tags, state: associated ? 'associated' : 'unassociated',
      // The emulator (and some SDK paths) give "" instead of leaving these out.
      details: { publicIp: a.PublicIp || null, allocationId: a.AllocationId, associationId: a.AssociationId || null, instanceId: a.InstanceId || null, networkInterfaceId: a.NetworkInterfaceId || null } });
  }
  for (const i of reservations.flatMap((r) => r.Instances ?? [])) {
    const state = i.State?.Name ?? 'unknown';
    if (!i.InstanceId || state === 'terminated') continue;
    const tags = tagsOf(i.Tags, i.InstanceId);
    const volumeIds = (i.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId ?? '').filter(Boolean);
    out.push({ ...base('instance', i.InstanceId), type: 'ec2:instance', name: nameOf(tags), tags, state,
      details: { instanceType: i.InstanceType ?? 'unknown', state, launchedAt: iso(i.LaunchTime), stateChangedAt: state === 'stopped' ? parseTransitionTime(i.StateTransitionReason) : null, volumeIds } });
  }
  for (const n of nats) {
    if (!n.NatGatewayId || n.State === 'deleted') continue;
    const tags = tagsOf(n.Tags, n.NatGatewayId);
    out.push({ ...base('natgateway', n.NatGatewayId), type: 'ec2:natgateway', name: nameOf(tags), tags, state: n.State ?? 'unknown',
      details: { state: n.State ?? 'unknown', createdAt: iso(n.CreateTime), vpcId: n.VpcId ?? null, subnetId: n.SubnetId ?? null } });
  }
  return { types: ['ec2:volume', 'ec2:snapshot', 'ec2:elastic-ip', 'ec2:instance', 'ec2:natgateway'], resources: out, vanished: 0, malformedTags };
}
