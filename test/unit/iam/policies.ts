// Reads the IAM policies under deploy/: the JSON documents and the ones inside the CloudFormation templates.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, type Tags } from 'yaml';

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource?: unknown;
  Condition?: unknown;
}

export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}

export const DEPLOY = {
  managementPolicy: 'deploy/iam/management-policy.json',
  memberPolicy: 'deploy/iam/member-policy.json',
  managementTemplate: 'deploy/cloudformation/management-role.yaml',
  memberTemplate: 'deploy/cloudformation/member-role.yaml',
} as const;

export function readPolicy(root: string, path: string): PolicyDocument {
  return JSON.parse(readFileSync(join(root, path), 'utf8')) as PolicyDocument;
}

const list = (a: string | string[]) => (Array.isArray(a) ? a : [a]);

/** Every action an Allow statement grants, sorted and unique. */
export function allowedActions(doc: PolicyDocument): string[] {
  return [...new Set(doc.Statement.filter((s) => s.Effect === 'Allow').flatMap((s) => list(s.Action)))].sort();
}

/** Sid → sorted actions, to compare a JSON policy with its copy inside a template. */
export function actionsBySid(doc: PolicyDocument): Record<string, string[]> {
  return Object.fromEntries(doc.Statement.map((s) => [s.Sid ?? '(no Sid)', [...list(s.Action)].sort()]));
}

// CloudFormation's short-form intrinsics (!Ref, !Sub, !GetAtt, …) read as their long form ({ 'Fn::Sub': … }).
const INTRINSICS = ['Ref', 'Sub', 'GetAtt', 'If', 'Equals', 'Not', 'And', 'Or', 'Condition', 'Join', 'Select', 'Split'];
const cfnTags: Tags = INTRINSICS.flatMap((name) => {
  const key = name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
  const resolve = (value: unknown) => ({ [key]: name === 'GetAtt' && typeof value === 'string' ? value.split('.') : value });
  return [
    { tag: `!${name}`, resolve: (v: string) => resolve(v) },
    { tag: `!${name}`, collection: 'seq' as const, resolve: (v: { toJSON(): unknown }) => resolve(v.toJSON()) },
    { tag: `!${name}`, collection: 'map' as const, resolve: (v: { toJSON(): unknown }) => resolve(v.toJSON()) },
  ];
});

export interface Template {
  Parameters?: Record<string, { Type: string; Default?: unknown; AllowedValues?: unknown[] }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, { Type: string; Condition?: string; DependsOn?: unknown; Properties: Record<string, unknown> }>;
  Outputs?: Record<string, unknown>;
}

export function readTemplate(root: string, path: string): Template {
  return parse(readFileSync(join(root, path), 'utf8'), { customTags: cfnTags }) as Template;
}

/** The inline policy documents of the template's IAM roles, by logical id. */
export function rolePolicies(t: Template): Record<string, PolicyDocument> {
  const out: Record<string, PolicyDocument> = {};
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type !== 'AWS::IAM::Role') continue;
    const policies = (r.Properties.Policies ?? []) as Array<{ PolicyDocument: PolicyDocument }>;
    // A statement under `!If [Condition, statement, !Ref AWS::NoValue]` counts with its condition true.
    const unwrap = (s: unknown) => ((s as { 'Fn::If'?: unknown[] })['Fn::If']?.[1] ?? s) as Statement;
    out[id] = { Version: '2012-10-17', Statement: policies.flatMap((p) => p.PolicyDocument.Statement.map(unwrap)) };
  }
  return out;
}
