// Loopback HTTP proxy in front of moto for fault injection. Every request is forwarded to moto unless a rule
// matches: then it answers an AWS error in the service's real shape, drops the connection, delays or never answers
// the request, or forwards it and cuts or rewrites the answer. Point the code under test at `endpoint` instead of
// moto's. Rules and their matching live in ./fault-proxy-rules.ts.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { identifyCall, writeAwsError, type AwsCall } from './fault-proxy-aws.ts';
import { AccountBook, LiveRule, type FaultAction, type FaultHit, type FaultRule, type RuleHandle } from './fault-proxy-rules.ts';

export type { FaultAction, FaultHit, FaultRule, RuleHandle } from './fault-proxy-rules.ts';

export interface FaultProxy {
  endpoint: string;
  addRule(rule: FaultRule): RuleHandle;
  clearRules(): void;
  hits: FaultHit[];
  /** Hits of one operation (optionally of one account), e.g. to bound the retries of a call. */
  count(service: string, operation: string, account?: string): number;
  stop(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'expect', 'upgrade']);

function copyHeaders(from: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(from)) if (!HOP_BY_HOP.has(k) && v !== undefined) out[k] = v;
  return out;
}

interface Upstream {
  status: number;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}

/** What a forwarding action does with moto's answer before the client gets it. */
function deliver(res: http.ServerResponse, up: Upstream, call: AwsCall, action: FaultAction | undefined): void {
  let body = up.body;
  const headers = { ...up.headers };
  if (action?.kind === 'mutate') body = Buffer.from(action.transform(body.toString('utf8'), call), 'utf8');
  if (action?.kind === 'truncate') {
    const cut = body.subarray(0, Math.min(body.length, action.bytes ?? Math.floor(body.length / 2)));
    if (action.abort) {
      headers['content-length'] = String(body.length);
      res.writeHead(up.status, headers);
      res.write(cut, () => res.socket?.destroy());
      return;
    }
    body = cut;
  }
  headers['content-length'] = String(body.length);
  res.writeHead(up.status, headers);
  res.end(body);
}

export async function startFaultProxy(targetEndpoint: string): Promise<FaultProxy> {
  const target = new URL(targetEndpoint);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(target.hostname)) {
    throw new Error(`fault proxy forwards to loopback only, not ${target.hostname}`);
  }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const book = new AccountBook();
  let rules: LiveRule[] = [];
  const hits: FaultHit[] = [];

  const forward = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer, call: AwsCall, account: string | undefined, action?: FaultAction): void => {
    const headers = copyHeaders(req.headers);
    headers['content-length'] = String(body.length);
    const injected = action !== undefined;
    const hit = (status: number) => hits.push({ service: call.service, operation: call.operation, account, status, injected });
    const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers, agent }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        const answer: Upstream = { status: up.statusCode ?? 502, headers: copyHeaders(up.headers), body: Buffer.concat(chunks) };
        if (call.operation === 'AssumeRole') book.learn(body.toString('utf8'), answer.body.toString('utf8'));
        hit(action?.kind === 'truncate' && action.abort ? 0 : answer.status);
        deliver(res, answer, call, action);
      });
    });
    upstream.on('error', (err) => {
      hit(502);
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
      const auth = typeof req.headers.authorization === 'string' ? req.headers.authorization : '';
      const account = book.accountOf(call, auth, text);
      const live = rules.find((r) => r.take(call, account, text));
      if (!live) return forward(req, res, body, call, account);
      const { action } = live.rule;
      const hit = (status: number) => hits.push({ service: call.service, operation: call.operation, account, status, injected: true });
      switch (action.kind) {
        case 'error': {
          hit(action.status);
          const contentType = typeof req.headers['content-type'] === 'string' ? req.headers['content-type'] : '';
          return writeAwsError(res, call, contentType, action.status, action.code, action.message);
        }
        case 'reset':
          hit(0);
          return req.socket.destroy();
        case 'hang':
          return hit(0);
        case 'delay':
          return void setTimeout(() => forward(req, res, body, call, account, action), action.ms);
        default:
          return forward(req, res, body, call, account, action);
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
    count: (service, operation, account) =>
      hits.filter((h) => h.service === service && h.operation === operation && (account === undefined || h.account === account)).length,
    addRule(rule) {
      const live = new LiveRule(rule);
      rules.push(live);
      return {
        get applied() {
          return live.applied;
        },
        get matched() {
          return live.matched;
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
