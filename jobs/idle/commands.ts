import type { Resource } from './types.ts';

/** Quotes a value for a POSIX shell only when needed. */
export function shq(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** The AWS CLI command that deletes the resource. Warden never runs it: it is printed for the owner. */
export function deleteCommand(r: Resource): string {
  const region = `--region ${shq(r.region)}`;
  switch (r.type) {
    case 'ec2:volume': return `aws ec2 delete-volume --volume-id ${shq(r.id)} ${region}`;
    case 'ec2:snapshot': return `aws ec2 delete-snapshot --snapshot-id ${shq(r.id)} ${region}`;
    case 'ec2:elastic-ip': return `aws ec2 release-address --allocation-id ${shq(r.details.allocationId)} ${region}`;
    case 'ec2:instance': return `aws ec2 terminate-instances --instance-ids ${shq(r.id)} ${region}`;
    case 'ec2:natgateway': return `aws ec2 delete-nat-gateway --nat-gateway-id ${shq(r.id)} ${region}`;
    case 'elasticloadbalancing:loadbalancer': return `aws elbv2 delete-load-balancer --load-balancer-arn ${shq(r.arn)} ${region}`;
    case 'lambda:function': return `aws lambda delete-function --function-name ${shq(r.details.name)} ${region}`;
    case 'logs:log-group': return `aws logs delete-log-group --log-group-name ${shq(r.details.name)} ${region}`;
  }
}
