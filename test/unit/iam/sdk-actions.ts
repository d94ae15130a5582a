// Finds every AWS SDK v3 command the product source sends and maps it to the IAM action that authorizes it.
//
// How a call is found (per file): a value import from an `@aws-sdk/client-*` package named `XCommand` or
// `paginateX` (also `ns.XCommand` / `ns.paginateX` after `import * as ns`) that the file uses, is operation X
// of that package. A paginator sends its operation (paginateListFunctions → ListFunctions). Waiters
// (`waitUntil*`) poll a describe operation that cannot be read from the name: the scan refuses them.
//
// How an operation maps to an action: `<IAM prefix of the package>:<Operation>`, except the entries of
// ACTION_OVERRIDES (an operation whose action has another name, or that needs no permission at all).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export type Side = 'management' | 'member';

export interface PackageInfo {
  /** The short name `aws/clients.ts` gives the client in CLIENTS (`session.management(name)` / `session.member(_, name)`). */
  client: string;
  /** IAM service prefix of the actions (SESv2 is authorized by `ses:` actions, the tagging API by `tag:`). */
  prefix: string;
  /** Whose role sends it: the management role (Organizations, Cost Explorer, STS, SES) or the member role. */
  side: Side;
}

export const PACKAGES: Record<string, PackageInfo> = {
  '@aws-sdk/client-organizations': { client: 'organizations', prefix: 'organizations', side: 'management' },
  '@aws-sdk/client-cost-explorer': { client: 'ce', prefix: 'ce', side: 'management' },
  '@aws-sdk/client-sts': { client: 'sts', prefix: 'sts', side: 'management' },
  '@aws-sdk/client-sesv2': { client: 'sesv2', prefix: 'ses', side: 'management' },
  '@aws-sdk/client-lambda': { client: 'lambda', prefix: 'lambda', side: 'member' },
  '@aws-sdk/client-cloudwatch': { client: 'cloudwatch', prefix: 'cloudwatch', side: 'member' },
  '@aws-sdk/client-ec2': { client: 'ec2', prefix: 'ec2', side: 'member' },
  '@aws-sdk/client-elastic-load-balancing-v2': { client: 'elbv2', prefix: 'elasticloadbalancing', side: 'member' },
  '@aws-sdk/client-cloudwatch-logs': { client: 'logs', prefix: 'logs', side: 'member' },
  '@aws-sdk/client-resource-groups-tagging-api': { client: 'tagging', prefix: 'tag', side: 'member' },
};

/**
 * `prefix:Operation` → the IAM action when it is not the same name; null when the call needs no permission.
 * Sources: the Service Authorization Reference of each service.
 */
export const ACTION_OVERRIDES: Record<string, string | null> = {
  // "No permissions are required to perform this operation" (STS API reference, GetCallerIdentity).
  'sts:GetCallerIdentity': null,
  'lambda:Invoke': 'lambda:InvokeFunction',
  'lambda:InvokeWithResponseStream': 'lambda:InvokeFunction',
};

export interface SdkCall {
  file: string;
  pkg: string;
  operation: string;
  /** null when the operation needs no permission. */
  action: string | null;
  side: Side;
}

export function actionFor(pkg: string, operation: string): string | null {
  const info = PACKAGES[pkg];
  if (!info) throw new Error(`no IAM mapping for ${pkg}: add it to PACKAGES in test/unit/iam/sdk-actions.ts`);
  const key = `${info.prefix}:${operation}`;
  return key in ACTION_OVERRIDES ? ACTION_OVERRIDES[key]! : key;
}

const NAMED_IMPORT = /import\s+(type\s+)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/client-[\w-]+)['"]/g;
const NAMESPACE_IMPORT = /import\s+\*\s+as\s+(\w+)\s+from\s*['"](@aws-sdk\/client-[\w-]+)['"]/g;

function operationOf(name: string): string | undefined {
  if (name.startsWith('waitUntil')) throw new Error(`waiter ${name}: map the operation it polls by hand (sdk-actions.ts)`);
  const cmd = /^(\w+)Command$/.exec(name);
  if (cmd) return cmd[1];
  const pag = /^paginate(\w+)$/.exec(name);
  return pag ? pag[1] : undefined;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The SDK calls of one source text (`file` is only carried into the result). */
export function scanSource(file: string, text: string): SdkCall[] {
  const found: SdkCall[] = [];
  const add = (pkg: string, operation: string) => {
    const info = PACKAGES[pkg];
    if (!info) throw new Error(`${file}: no IAM mapping for ${pkg}: add it to PACKAGES in test/unit/iam/sdk-actions.ts`);
    found.push({ file, pkg, operation, action: actionFor(pkg, operation), side: info.side });
  };
  for (const m of text.matchAll(NAMED_IMPORT)) {
    if (m[1]) continue; // `import type { … }`
    for (const raw of m[2]!.split(',')) {
      const spec = raw.trim();
      if (!spec || spec.startsWith('type ')) continue;
      const [imported, local = imported] = spec.split(/\s+as\s+/).map((s) => s.trim()) as [string, string?];
      const operation = operationOf(imported);
      if (!operation) continue;
      const uses = text.match(new RegExp(`\\b${escape(local!)}\\b`, 'g'))?.length ?? 0;
      if (uses > 1) add(m[3]!, operation);
    }
  }
  for (const m of text.matchAll(NAMESPACE_IMPORT)) {
    for (const u of text.matchAll(new RegExp(`\\b${escape(m[1]!)}\\.(\\w+)`, 'g'))) {
      const operation = operationOf(u[1]!);
      if (operation) add(m[2]!, operation);
    }
  }
  return found;
}

/** The client names a source passes to `session.management(…)` and `session.member(…, …)`. */
export function scanSessionUse(text: string): { management: string[]; member: string[] } {
  const management = [...text.matchAll(/\.management\(\s*['"](\w+)['"]/g)].map((m) => m[1]!);
  const member = [...text.matchAll(/\.member\(\s*[^,()]+,\s*['"](\w+)['"]/g)].map((m) => m[1]!);
  return { management, member };
}

export function sourceFiles(root: string, dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|mjs)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(path);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out.sort();
}

export function scanProduct(root: string, dirs: string[]) {
  const calls: SdkCall[] = [];
  const sessions = { management: new Map<string, string[]>(), member: new Map<string, string[]>() };
  for (const path of sourceFiles(root, dirs)) {
    const file = relative(root, path);
    const text = readFileSync(path, 'utf8');
    calls.push(...scanSource(file, text));
    const use = scanSessionUse(text);
    for (const side of ['management', 'member'] as const) {
      for (const c of use[side]) sessions[side].set(c, [...(sessions[side].get(c) ?? []), file]);
    }
  }
  return { calls, sessions };
}
