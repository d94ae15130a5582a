// Logging in through fastify.inject as a browser would: CSRF token first, then the session cookie.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

export interface Session {
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown, opts?: { csrf?: boolean }): Promise<LightMyRequestResponse>;
}

const cookieHeader = (res: LightMyRequestResponse) => res.cookies.map((c) => `${c.name}=${c.value}`);

export async function csrfFor(app: FastifyInstance): Promise<{ cookie: string; token: string }> {
  const res = await app.inject({ url: '/api/csrf' });
  return { cookie: cookieHeader(res).join('; '), token: res.json<{ csrfToken: string }>().csrfToken };
}

export async function tryLogin(app: FastifyInstance, email: string, password: string): Promise<LightMyRequestResponse> {
  const c = await csrfFor(app);
  return app.inject({ method: 'POST', url: '/api/login', payload: { email, password }, headers: { cookie: c.cookie, 'x-csrf-token': c.token } });
}

export async function login(app: FastifyInstance, email: string, password: string): Promise<Session> {
  const c = await csrfFor(app);
  const res = await app.inject({ method: 'POST', url: '/api/login', payload: { email, password }, headers: { cookie: c.cookie, 'x-csrf-token': c.token } });
  if (res.statusCode !== 200) throw new Error(`login as ${email}: HTTP ${res.statusCode} ${res.body}`);
  const cookie = [c.cookie, ...cookieHeader(res)].join('; ');
  const csrf = res.json<{ csrfToken: string }>().csrfToken;
  return {
    cookie, csrf,
    get: (url) => app.inject({ url, headers: { cookie } }),
    post: (url, body, opts = {}) =>
      app.inject({ method: 'POST', url, payload: (body ?? {}) as object, headers: { cookie, ...(opts.csrf === false ? {} : { 'x-csrf-token': csrf }) } }),
  };
}
