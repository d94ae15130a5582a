// Loopback HTTP proxy in front of moto for fault injection. Every request is forwarded to moto
// unless a rule matches: then it answers an AWS error in the service's real shape, drops the
// connection, or delays the request. Point the code under test at `endpoint` instead of moto's.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { identifyCall, writeAwsError, type AwsCall } from './fault-proxy-aws.ts';

export type FaultAction =
  | { kind: 'error'; status: number; code: string; message: string }
  /** Destroys the client's socket without an answer (the SDK sees ECONNRESET / socket hang up). */
  | { kind: 'reset' }
  /** Waits, then forwards the request. */
  | { kind: 'delay'; ms: number };

export interface FaultRule {
  /** SigV4 signing name: 'organizations', 'sts', 'lambda', 'ce', 'monitoring', 'ec2', 'tagging', … */
  service?: string;
  operation?: string;
  /** Substring of the raw request body (e.g. an account id inside an AssumeRole RoleArn). */
  bodyIncludes?: string;
  /** How many matching requests the rule acts on (default: all). */
  times?: number;
  action: FaultAction;
}

export interface RuleHandle {
  /** Requests this rule has acted on so far. */
  readonly applied: number;
  remove(): void;
}

export interface FaultHit {
  service: string;
  operation: string;
  /** HTTP status returned to the client; 0 when the connection was reset. */
  status: number;
  /** A rule acted on the request (error, reset or delay). */
  injected: boolean;
}

export interface FaultProxy {
  endpoint: string;
  addRule(rule: FaultRule): RuleHandle;
  clearRules(): void;
  hits: FaultHit[];
  stop(): Promise<void>;
}

interface LiveRule {
  rule: FaultRule;
  applied: number;
}

function matches(r: LiveRule, call: AwsCall, body: string): boolean {
  const { rule } = r;
  if (rule.times !== undefined && r.applied >= rule.times) return false;
  if (rule.service !== undefined && rule.service !== call.service) return false;
  if (rule.operation !== undefined && rule.operation !== call.operation) return false;
  if (rule.bodyIncludes !== undefined && !body.includes(rule.bodyIncludes)) return false;
  return true;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'expect', 'upgrade']);

export async function startFaultProxy(targetEndpoint: string): Promise<FaultProxy> {
  const target = new URL(targetEndpoint);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error(`fault proxy forwards to loopback only, not ${target.hostname}`);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  let rules: LiveRule[] = [];
  const hits: FaultHit[] = [];

  const forward = (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    body: Buffer,
    call: AwsCall,
    injected = false,
  ): void => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) headers[k] = v;
    headers['content-length'] = String(body.length);
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent },
      (up) => {
        hits.push({ ...pick(call), status: up.statusCode ?? 0, injected });
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
        res.writeHead(up.statusCode ?? 502, out);
        up.pipe(res);
      },
    );
    upstream.on('error', (err) => {
      hits.push({ ...pick(call), status: 502, injected });
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`fault proxy: upstream error: ${err.message}`);
    });
    upstream.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const text = body.toString('utf8');
      const call = identifyCall(req.method ?? 'GET', req.url ?? '/', req.headers, text);
      const live = rules.find((r) => matches(r, call, text));
      if (!live) return forward(req, res, body, call);
      live.applied++;
      const { action } = live.rule;
      if (action.kind === 'error') {
        hits.push({ ...pick(call), status: action.status, injected: true });
        const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : '';
        writeAwsError(res, call, contentType, action.status, action.code, action.message);
      } else if (action.kind === 'reset') {
        hits.push({ ...pick(call), status: 0, injected: true });
        req.socket.destroy();
      } else {
        setTimeout(() => forward(req, res, body, call, true), action.ms);
      }
    });
  });
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    endpoint: `http://127.0.0.1:${port}`,
    hits,
    addRule(rule) {
      const live: LiveRule = { rule, applied: 0 };
      rules.push(live);
      return {
        get applied() {
          return live.applied;
        },
        remove() {
          rules = rules.filter((r) => r !== live);
        },
      };
    },
    clearRules() {
      rules = [];
    },
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };
}

function pick(call: AwsCall): { service: string; operation: string } {
  return { service: call.service, operation: call.operation };
}
