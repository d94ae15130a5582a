// Authentication, authorization and bad input on the real app: 401/403/CSRF/rate limit/tokens, 400 naming the
// parameter, 404 for unknown ids, 409 for restoring a function that is not throttled, injection strings harmless.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../server/app.ts';
import { parseConfig } from '../../config/load.ts';
import { ConfigError } from '../../core/errors.ts';
import { DEVELOPER, EVIL_NAME, MANAGER, seedScenario, type Scenario } from '../e2e/seed.ts';
import { csrfFor, login, tryLogin, type Session } from '../e2e/inject.ts';

const LOGIN_LIMIT = 5; // the manager logs in 4 times before the rate-limit test, the developer once
let s: Scenario;
let app: FastifyInstance;
let manager: Session;
let developer: Session;

beforeAll(async () => {
  s = await seedScenario({ auth: { loginRateLimit: { max: LOGIN_LIMIT, windowSeconds: 600 } } });
  app = await buildApp(s.rt);
  manager = await login(app, MANAGER.email, MANAGER.password);
  developer = await login(app, DEVELOPER.email, DEVELOPER.password);
});
afterAll(async () => {
  await app?.close();
  await s?.stop();
});

const ROUTES = ['/api/spend/weekly', '/api/overview', '/api/spend/daily', '/api/accounts', '/api/alerts', '/api/throttled', '/api/idle', '/api/runs', '/api/session', '/metrics', '/docs/json'];

describe('authentication', () => {
  it('answers 401 on every API route without a login, and /healthz without one', async () => {
    for (const url of ROUTES) {
      const res = await app.inject({ url });
      expect([url, res.statusCode]).toEqual([url, 401]);
    }
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    const page = await app.inject({ url: '/', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(302);
    expect(page.headers.location).toBe('/login?next=%2F');
    expect((await app.inject({ url: '/login' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/login.js' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/assets/app.js' })).statusCode).toBe(401);
  });

  it('sets an HttpOnly, SameSite=Lax session cookie, and refuses wrong passwords and unknown users alike', async () => {
    const ok = await tryLogin(app, MANAGER.email, MANAGER.password);
    const cookie = ok.cookies.find((c) => c.name === 'warden_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy(); // served over http in this test; Secure when server.publicUrl is https
    const bad = await tryLogin(app, MANAGER.email, 'wrong');
    const unknown = await tryLogin(app, 'nobody@example.com', 'wrong');
    expect([bad.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(bad.json().error).toBe(unknown.json().error);
  });

  it('rejects a state-changing request whose CSRF token is missing or wrong', async () => {
    const missing = await manager.post('/api/logout', {}, { csrf: false });
    expect(missing.statusCode).toBe(403);
    const wrong = await app.inject({ method: 'POST', url: '/api/logout', headers: { cookie: manager.cookie, 'x-csrf-token': 'forged' } });
    expect(wrong.statusCode).toBe(403);
    const c = await csrfFor(app);
    const loginNoToken = await app.inject({ method: 'POST', url: '/api/login', payload: { email: MANAGER.email, password: MANAGER.password }, headers: { cookie: c.cookie } });
    expect(loginNoToken.statusCode).toBe(403);
    expect((await manager.get('/api/session')).statusCode).toBe(200); // still logged in
  });

  it('logs out: the session no longer works', async () => {
    const extra = await login(app, MANAGER.email, MANAGER.password);
    expect((await extra.post('/api/logout')).statusCode).toBe(200);
    expect((await extra.get('/api/accounts')).statusCode).toBe(401);
  });

  it('API tokens: read-only by default, write scope can act without CSRF, unknown tokens are 401', async () => {
    const read = { authorization: `Bearer ${s.tokens.read}` };
    expect((await app.inject({ url: '/api/accounts', headers: read })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics', headers: read })).statusCode).toBe(200);
    const refused = await app.inject({ method: 'POST', url: '/api/throttled/1/restore', headers: read, payload: {} });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error).toContain('read-only');
    const write = await app.inject({ method: 'POST', url: '/api/throttled/999999/restore', headers: { authorization: `Bearer ${s.tokens.write}` }, payload: {} });
    expect(write.statusCode).toBe(404); // past auth and CSRF, to the route
    expect((await app.inject({ url: '/api/accounts', headers: { authorization: 'Bearer wdn_nope' } })).statusCode).toBe(401);
    expect(s.rt.repos.sessions.tokenUses().find((t) => t.name === 'ci-read')!.uses).toBe(3); // two reads and the refused write
  });

  it('refuses OIDC when enabled, since only its settings exist in this version', async () => {
    const config = parseConfig({ organization: { sandboxOus: ['r-abcd'] }, auth: { oidc: { enabled: true, issuer: 'https://idp.example.com' } } }, {});
    await expect(buildApp({ ...s.rt, config })).rejects.toBeInstanceOf(ConfigError);
  });
});

describe('authorization', () => {
  it('answers 403 to a developer asking for another account', async () => {
    const other = s.sandboxes.find((a) => a.id !== s.developerAccount.id)!;
    for (const url of [`/api/accounts/${other.id}`, `/api/spend/daily?account=${other.id}`, `/api/alerts?account=${other.id}`]) {
      expect([url, (await developer.get(url)).statusCode]).toEqual([url, 403]);
    }
    expect((await developer.get(`/api/accounts/${s.developerAccount.id}`)).statusCode).toBe(200);
    expect((await manager.get(`/api/accounts/${other.id}`)).statusCode).toBe(200);
  });
});

describe('bad input', () => {
  it('answers 400 naming the parameter', async () => {
    const cases: Array<[string, string]> = [
      ['/api/spend/weekly?weeks=0', 'weeks'], ['/api/spend/weekly?weeks=abc', 'weeks'], ['/api/spend/weekly?weeks=1000', 'weeks'],
      ['/api/spend/daily?from=2026-02-31', 'from'], ['/api/spend/daily?to=yesterday', 'to'], ['/api/spend/daily?from=2026-03-10&to=2026-03-01', 'from'],
      ['/api/spend/daily?account=12345', 'account'], ['/api/alerts?state=closed', 'state'], ['/api/alerts?severity=high', 'severity'],
      ['/api/alerts/abc', 'id'], ['/api/runs?limit=-1', 'limit'],
    ];
    for (const [url, field] of cases) {
      const res = await manager.get(url);
      expect([url, res.statusCode]).toEqual([url, 400]);
      expect(res.json().error).toContain(field);
    }
  });

  it('keeps SQL and script injection strings harmless in every parameter', async () => {
    const evil = ["' OR 1=1 --", '1; DROP TABLE accounts', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>'];
    for (const e of evil) {
      const q = encodeURIComponent(e);
      for (const url of [`/api/spend/daily?account=${q}`, `/api/spend/daily?from=${q}`, `/api/alerts?state=${q}`, `/api/alerts?account=${q}`, `/api/spend/weekly?weeks=${q}`, `/api/accounts/${q}`, `/api/runs?job=${q}`]) {
        const res = await manager.get(url);
        expect([url, res.statusCode]).toEqual([url, 400]);
        expect(res.headers['content-type']).toMatch(/^application\/json/);
      }
      const idle = await manager.get(`/api/idle?owner=${q}`);
      expect(idle.statusCode).toBe(200);
      expect(idle.json().findings).toEqual([]);
    }
    expect(s.rt.repos.accounts.list().length).toBeGreaterThan(20); // nothing dropped
    const { accounts } = (await manager.get('/api/accounts')).json();
    expect(accounts.find((a: { name: string }) => a.name === EVIL_NAME).name).toBe(EVIL_NAME); // JSON, returned verbatim; pages use text nodes
  });

  it('answers 404 for unknown ids and 409 for restoring a function that is not throttled', async () => {
    expect((await manager.post('/api/throttled/987654/restore')).statusCode).toBe(404);
    expect((await manager.post('/api/findings/987654/snooze', { days: 3 })).statusCode).toBe(404);
    expect((await manager.get('/api/throttled/987654/samples')).statusCode).toBe(404);
    const arn = `arn:aws:lambda:us-east-1:${s.developerAccount.id}:function:already-restored`;
    const t = s.rt.repos.runaway.throttles.insertIntent({ functionArn: arn, accountId: s.developerAccount.id, region: 'us-east-1', previousConcurrency: null, detector: 'test', reason: 'test', burnNanoPerHour: 0n, evidence: {}, alertId: null, runId: null }, s.clock.now().toISOString(), 'throttled');
    s.rt.repos.runaway.throttles.setState(t.id, 'restored', s.clock.now().toISOString());
    const res = await manager.post(`/api/throttled/${t.id}/restore`);
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toContain('not throttled');
  });

  it('rate-limits login attempts per client address and email', async () => {
    // The developer logged in once in beforeAll: LOGIN_LIMIT - 1 wrong passwords are answered, the next is refused.
    const codes: number[] = [];
    for (let i = 0; i < LOGIN_LIMIT; i++) codes.push((await tryLogin(app, DEVELOPER.email, `wrong-${i}`)).statusCode);
    expect(codes).toEqual([...Array(LOGIN_LIMIT - 1).fill(401), 429]);
    expect((await tryLogin(app, DEVELOPER.email, DEVELOPER.password)).statusCode).toBe(429); // even the right password waits
    expect((await tryLogin(app, MANAGER.email, MANAGER.password)).statusCode).toBe(200); // another user is not locked out
  });
});
