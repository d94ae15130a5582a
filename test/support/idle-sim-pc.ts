// A loopback proxy in front of moto that adds Lambda provisioned concurrency, which moto does not implement:
// Put/Get/List/DeleteProvisionedConcurrencyConfig are answered from memory; everything else is forwarded.
// The function must exist in moto (checked by forwarding a GetFunction with the caller's headers: moto does not
// verify signatures). `beforeList` lets a test delete a function between Warden's listing and this follow-up call.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface Config { allocated: number; at: string }
export interface PcProxy {
  endpoint: string;
  /** Called when a ListProvisionedConcurrencyConfigs arrives for `fn`, before the answer is computed. */
  beforeList?: (fn: string) => Promise<void>;
  stop(): Promise<void>;
}

const PATH = /^\/2019-09-30\/functions\/([^/]+)\/provisioned-concurrency\/?$/;

export async function startPcProxy(motoEndpoint: string): Promise<PcProxy> {
  const target = new URL(motoEndpoint);
  const agent = new http.Agent({ keepAlive: true });
  const store = new Map<string, Map<string, Config>>(); // function name → qualifier → config
  const upstream = (req: http.IncomingMessage, method: string, path: string, body: Buffer): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const up = http.request({ host: target.hostname, port: target.port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      up.on('error', reject);
      up.end(body);
    });
  const json = (res: http.ServerResponse, status: number, body: unknown, error?: string) => {
    res.writeHead(status, { 'content-type': 'application/json', ...(error ? { 'x-amzn-errortype': error } : {}) });
    res.end(JSON.stringify(body));
  };
  const proxy: PcProxy = { endpoint: '', stop: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => void (async () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://x');
      const m = PATH.exec(url.pathname);
      if (!m) {
        const r = await upstream(req, req.method ?? 'GET', req.url ?? '/', body);
        res.writeHead(r.status, r.headers);
        return res.end(r.body);
      }
      const fn = decodeURIComponent(m[1]!);
      if (req.method === 'GET' && url.searchParams.get('List') === 'ALL') await proxy.beforeList?.(fn);
      const fnRes = await upstream(req, 'GET', `/2015-03-31/functions/${encodeURIComponent(fn)}`, Buffer.alloc(0));
      if (fnRes.status !== 200) return json(res, 404, { Type: 'User', message: `Function not found: ${fn}` }, 'ResourceNotFoundException');
      const arn = String((JSON.parse(fnRes.body.toString()) as { Configuration?: { FunctionArn?: string } }).Configuration?.FunctionArn ?? fn);
      const configs = store.get(fn) ?? new Map<string, Config>();
      store.set(fn, configs);
      const qualifier = url.searchParams.get('Qualifier') ?? '';
      const view = (q: string, c: Config) => ({ FunctionArn: `${arn}:${q}`, RequestedProvisionedConcurrentExecutions: c.allocated, AllocatedProvisionedConcurrentExecutions: c.allocated, AvailableProvisionedConcurrentExecutions: c.allocated, Status: 'READY', LastModified: c.at });
      if (req.method === 'PUT') {
        const n = (JSON.parse(body.toString() || '{}') as { ProvisionedConcurrentExecutions?: number }).ProvisionedConcurrentExecutions ?? 0;
        configs.set(qualifier, { allocated: n, at: new Date().toISOString() });
        const { FunctionArn: _a, ...rest } = view(qualifier, configs.get(qualifier)!);
        return json(res, 202, rest);
      }
      if (req.method === 'DELETE') {
        configs.delete(qualifier);
        res.writeHead(204);
        return res.end();
      }
      if (url.searchParams.get('List') === 'ALL') return json(res, 200, { ProvisionedConcurrencyConfigs: [...configs].map(([q, c]) => view(q, c)) });
      const c = configs.get(qualifier);
      return c ? json(res, 200, view(qualifier, c)) : json(res, 404, { message: 'No Provisioned Concurrency Config found' }, 'ProvisionedConcurrencyConfigNotFoundException');
    })().catch((err: unknown) => json(res, 502, { message: String(err) })));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.stop = () => new Promise<void>((resolve) => { agent.destroy(); server.closeAllConnections(); server.close(() => resolve()); });
  return proxy;
}
