// Idle-resource simulator: creates EC2 volumes, snapshots, addresses, instances, NAT gateways, load balancers,
// Lambda functions (provisioned concurrency through ./idle-sim-pc.ts) and log groups inside a member account,
// with assumed-role credentials as Warden uses them, and seeds the CloudWatch statistics the checks read.
import {
  AllocateAddressCommand, CreateNatGatewayCommand, CreateSnapshotCommand, CreateSubnetCommand, CreateVolumeCommand, CreateVpcCommand,
  EC2Client, RunInstancesCommand, StopInstancesCommand, type Tag,
} from '@aws-sdk/client-ec2';
import { CreateLoadBalancerCommand, CreateTargetGroupCommand, CreateListenerCommand, ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { CreateFunctionCommand, DeleteFunctionCommand, LambdaClient, PutProvisionedConcurrencyConfigCommand } from '@aws-sdk/client-lambda';
import { CloudWatchLogsClient, CreateLogGroupCommand, TagLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CreateRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { SQSClient, CreateQueueCommand } from '@aws-sdk/client-sqs';
import { memberClientConfig } from './org-simulator.ts';
import { LAMBDA_TRUST_POLICY } from './sim/credentials.ts';

const DAY = 86_400_000;
const tagList = (tags: Record<string, string>): Tag[] => Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));

export type MemberClients = Awaited<ReturnType<typeof memberClients>>;

export async function memberClients(endpoint: string, accountId: string, region: string) {
  const cfg = await memberClientConfig(endpoint, accountId, region);
  const clients = {
    ec2: new EC2Client(cfg), elbv2: new ElasticLoadBalancingV2Client(cfg), lambda: new LambdaClient(cfg), logs: new CloudWatchLogsClient(cfg),
    cw: new CloudWatchClient({ ...cfg, disableRequestCompression: true }), iam: new IAMClient(cfg), sqs: new SQSClient(cfg),
  };
  return { ...clients, accountId, region, destroy: () => Object.values(clients).forEach((c) => c.destroy()) };
}

const spec = (type: 'volume' | 'instance' | 'snapshot' | 'elastic-ip' | 'natgateway', tags: Record<string, string>) =>
  Object.keys(tags).length ? [{ ResourceType: type, Tags: tagList(tags) }] : undefined;

export async function createVolume(c: MemberClients, o: { sizeGb: number; type: 'gp2' | 'gp3'; tags?: Record<string, string> }): Promise<string> {
  const r = await c.ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${c.region}a`, Size: o.sizeGb, VolumeType: o.type, TagSpecifications: spec('volume', o.tags ?? {}) }));
  return r.VolumeId!;
}

export async function createSnapshot(c: MemberClients, volumeId: string, tags: Record<string, string> = {}): Promise<string> {
  const r = await c.ec2.send(new CreateSnapshotCommand({ VolumeId: volumeId, TagSpecifications: spec('snapshot', tags) }));
  return r.SnapshotId!;
}

export async function allocateAddress(c: MemberClients, tags: Record<string, string> = {}): Promise<{ allocationId: string; publicIp: string }> {
  const r = await c.ec2.send(new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: spec('elastic-ip', tags) }));
  return { allocationId: r.AllocationId!, publicIp: r.PublicIp! };
}

export async function runInstance(c: MemberClients, o: { type: string; stopped?: boolean; tags?: Record<string, string> }): Promise<{ instanceId: string; volumeIds: string[] }> {
  const r = await c.ec2.send(new RunInstancesCommand({
    ImageId: 'ami-12345678', InstanceType: o.type as never, MinCount: 1, MaxCount: 1, TagSpecifications: spec('instance', o.tags ?? {}),
    BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { VolumeSize: 8, VolumeType: 'gp3' } }],
  }));
  const i = r.Instances![0]!;
  if (o.stopped) await c.ec2.send(new StopInstancesCommand({ InstanceIds: [i.InstanceId!] }));
  return { instanceId: i.InstanceId!, volumeIds: (i.BlockDeviceMappings ?? []).map((b) => b.Ebs?.VolumeId ?? '').filter(Boolean) };
}

async function subnets(c: MemberClients): Promise<{ vpcId: string; subnetIds: string[] }> {
  const vpc = await c.ec2.send(new CreateVpcCommand({ CidrBlock: '10.20.0.0/16' }));
  const vpcId = vpc.Vpc!.VpcId!;
  const ids: string[] = [];
  for (const [i, az] of ['a', 'b'].entries()) {
    const s = await c.ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.20.${i}.0/24`, AvailabilityZone: `${c.region}${az}` }));
    ids.push(s.Subnet!.SubnetId!);
  }
  return { vpcId, subnetIds: ids };
}

/** A private NAT gateway: a public one needs an Elastic IP, which the emulator leaves looking unassociated. */
export async function createNatGateway(c: MemberClients, tags: Record<string, string> = {}): Promise<string> {
  const { subnetIds } = await subnets(c);
  const r = await c.ec2.send(new CreateNatGatewayCommand({ SubnetId: subnetIds[0], ConnectivityType: 'private', TagSpecifications: spec('natgateway', tags) }));
  return r.NatGateway!.NatGatewayId!;
}

/** An application load balancer with one empty target group behind a listener. */
export async function createLoadBalancer(c: MemberClients, name: string, tags: Record<string, string> = {}): Promise<string> {
  const { vpcId, subnetIds } = await subnets(c);
  const lb = await c.elbv2.send(new CreateLoadBalancerCommand({ Name: name, Subnets: subnetIds, Type: 'application', Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }));
  const arn = lb.LoadBalancers![0]!.LoadBalancerArn!;
  const tg = await c.elbv2.send(new CreateTargetGroupCommand({ Name: `${name}-tg`, Protocol: 'HTTP', Port: 80, VpcId: vpcId, TargetType: 'instance' }));
  await c.elbv2.send(new CreateListenerCommand({ LoadBalancerArn: arn, Protocol: 'HTTP', Port: 80, DefaultActions: [{ Type: 'forward', TargetGroupArn: tg.TargetGroups![0]!.TargetGroupArn! }] }));
  return arn;
}

let roleCreated = new WeakSet<MemberClients>();
export async function createFunction(c: MemberClients, o: { name: string; memoryMb?: number; provisioned?: number; tags?: Record<string, string> }): Promise<string> {
  if (!roleCreated.has(c)) {
    await c.iam.send(new CreateRoleCommand({ RoleName: 'idle-sim-lambda', AssumeRolePolicyDocument: LAMBDA_TRUST_POLICY })).catch(() => undefined);
    roleCreated.add(c);
  }
  const r = await c.lambda.send(new CreateFunctionCommand({
    FunctionName: o.name, Runtime: 'python3.12', Handler: 'index.handler', Role: `arn:aws:iam::${c.accountId}:role/idle-sim-lambda`,
    Code: { ZipFile: new Uint8Array(Buffer.from('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==', 'base64')) }, MemorySize: o.memoryMb ?? 128, Publish: true, Tags: o.tags,
  }));
  if (o.provisioned) await c.lambda.send(new PutProvisionedConcurrencyConfigCommand({ FunctionName: o.name, Qualifier: 'live', ProvisionedConcurrentExecutions: o.provisioned }));
  return r.FunctionArn!;
}

export const deleteFunction = (c: MemberClients, name: string) => c.lambda.send(new DeleteFunctionCommand({ FunctionName: name }));

export async function createLogGroup(c: MemberClients, name: string, tags: Record<string, string> = {}): Promise<void> {
  await c.logs.send(new CreateLogGroupCommand({ logGroupName: name, ...(Object.keys(tags).length ? { tags } : {}) }));
  if (Object.keys(tags).length) await c.logs.send(new TagLogGroupCommand({ logGroupName: name, tags })).catch(() => undefined);
}

/** A tagged resource of a type Warden does not inventory (the tagging API returns it; Warden must ignore and count it). */
export async function createUnknownTypeResource(c: MemberClients, name: string): Promise<string> {
  const r = await c.sqs.send(new CreateQueueCommand({ QueueName: name, tags: { owner: 'nobody@example.com' } }));
  return r.QueueUrl!;
}

/** One data point per day for the `days` days before `now` (minute-aligned), `value` each. */
export async function seedDaily(c: MemberClients, o: { namespace: string; metric: string; dimensions: Record<string, string>; value: number; days: number; now: Date; unit?: 'Percent' | 'Bytes' | 'Count' }): Promise<void> {
  const end = Math.floor(o.now.getTime() / 60_000) * 60_000;
  const data = Array.from({ length: o.days }, (_, i) => ({
    MetricName: o.metric, Timestamp: new Date(end - (i + 0.5) * DAY), Value: o.value, Unit: o.unit ?? 'Count',
    Dimensions: Object.entries(o.dimensions).map(([Name, Value]) => ({ Name, Value })),
  }));
  await c.cw.send(new PutMetricDataCommand({ Namespace: o.namespace, MetricData: data }));
}

export function resetSimState(): void {
  roleCreated = new WeakSet();
}
