// Rules of the fault proxy: what a rule matches (service, operation, account, body, count, every-Nth, seeded
// probability) and what it does (AWS error, reset, delay, hang, truncate or mutate the real response).
import type { AwsCall } from './fault-proxy-aws.ts';
import { seededRandom } from './sim/random.ts';

export type FaultAction =
  | { kind: 'error'; status: number; code: string; message: string }
  /** Destroys the client's socket without an answer (the SDK sees ECONNRESET / socket hang up). */
  | { kind: 'reset' }
  /** Waits, then forwards the request. */
  | { kind: 'delay'; ms: number }
  /** Never answers (the client's request timeout fires); the socket is closed when the proxy stops. */
  | { kind: 'hang' }
  /**
   * Forwards, then cuts the response body to `bytes` (default: half). With `abort` the full Content-Length is
   * announced and the socket destroyed after the cut (a connection lost mid-body, after the call took effect);
   * without it the cut body is sent as a complete response (a malformed body).
   */
  | { kind: 'truncate'; bytes?: number; abort?: boolean }
  /** Forwards, then replaces the response body (JSON or XML text) with `transform(body)`. */
  | { kind: 'mutate'; transform: (body: string, call: AwsCall) => string };

export interface FaultRule {
  /** SigV4 signing name: 'organizations', 'sts', 'lambda', 'ce', 'monitoring', 'ec2', 'tagging', … */
  service?: string;
  operation?: string;
  /**
   * Account the request is made as: a member account (its assumed-role keys are learned from the AssumeRole answers
   * that pass through the proxy), or for AssumeRole itself the account of the role asked for.
   */
  account?: string;
  /** Substring of the raw request body (e.g. an account id inside an AssumeRole RoleArn). */
  bodyIncludes?: string;
  /** How many requests the rule acts on (default: all). */
  times?: number;
  /** Acts on every Nth matching request only (the Nth, 2Nth, …). */
  every?: number;
  /** Acts on a matching request with this probability, drawn from a PRNG seeded with `seed` (default 1). */
  probability?: number;
  seed?: number;
  action: FaultAction;
}

export interface RuleHandle {
  /** Requests this rule has acted on so far. */
  readonly applied: number;
  /** Requests that matched the rule's filters (acted on or not). */
  readonly matched: number;
  remove(): void;
}

export interface FaultHit {
  service: string;
  operation: string;
  /** Account the request was made as, when known (see FaultRule.account). */
  account?: string;
  /** HTTP status returned to the client; 0 when the connection was reset or never answered. */
  status: number;
  /** A rule acted on the request. */
  injected: boolean;
}

export { seededRandom } from './sim/random.ts';

export class LiveRule {
  applied = 0;
  matched = 0;
  private readonly random: () => number;

  constructor(readonly rule: FaultRule) {
    this.random = seededRandom(rule.seed ?? 1);
  }

  private filters(call: AwsCall, account: string | undefined, body: string): boolean {
    const r = this.rule;
    if (r.service !== undefined && r.service !== call.service) return false;
    if (r.operation !== undefined && r.operation !== call.operation) return false;
    if (r.account !== undefined && r.account !== account) return false;
    if (r.bodyIncludes !== undefined && !body.includes(r.bodyIncludes)) return false;
    return true;
  }

  /** Whether the rule acts on this request; counts it as matched when the filters pass. */
  take(call: AwsCall, account: string | undefined, body: string): boolean {
    const r = this.rule;
    if (r.times !== undefined && this.applied >= r.times) return false;
    if (!this.filters(call, account, body)) return false;
    this.matched++;
    if (r.every !== undefined && this.matched % r.every !== 0) return false;
    if (r.probability !== undefined && this.random() >= r.probability) return false;
    this.applied++;
    return true;
  }
}

const ACCESS_KEY = /Credential=([^/,\s]+)\//;

/** Maps assumed-role access keys to their accounts, learned from AssumeRole requests and answers. */
export class AccountBook {
  private readonly byKey = new Map<string, string>();

  accountOf(call: AwsCall, authorization: string, body: string): string | undefined {
    if (call.operation === 'AssumeRole') return roleAccount(body);
    const key = ACCESS_KEY.exec(authorization)?.[1];
    return key ? this.byKey.get(key) : undefined;
  }

  learn(requestBody: string, responseBody: string): void {
    const account = roleAccount(requestBody);
    const key = /<AccessKeyId>([^<]+)<\/AccessKeyId>/.exec(responseBody)?.[1];
    if (account && key) this.byKey.set(key, account);
  }
}

function roleAccount(body: string): string | undefined {
  const arn = new URLSearchParams(body).get('RoleArn') ?? '';
  return /^arn:aws[a-z-]*:iam::(\d{12}):/.exec(arn)?.[1];
}
