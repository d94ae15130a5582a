import { ForbiddenError } from './errors.ts';
import { NotFoundError } from '../../core/errors.ts';
import type { AppDeps } from '../app.ts';
import type { Scope } from '../../jobs/report/summary.ts';

export type Role = 'manager' | 'developer';

/** Who is asking: a logged-in user (session) or a script (API token). */
export interface Viewer {
  email: string | null;
  role: Role;
  via: 'session' | 'token';
  /** 'read' tokens may only GET. Sessions can write (behind CSRF). */
  scope: 'read' | 'write';
  tokenName?: string;
}

/** The accounts a viewer may see: all for a manager; for a developer those whose email is theirs, plus auth.users[].accounts. */
export function accountScope(deps: Pick<AppDeps, 'config' | 'repos'>, viewer: Viewer): Scope {
  if (viewer.role === 'manager') return null;
  const email = (viewer.email ?? '').toLowerCase();
  const extra = new Set(deps.config.auth.users.find((u) => u.email === email)?.accounts ?? []);
  return deps.repos.accounts.list().filter((a) => a.email.toLowerCase() === email || extra.has(a.id)).map((a) => a.id);
}

export function canSee(scope: Scope, accountId: string | null): boolean {
  return scope === null || (accountId !== null && scope.includes(accountId));
}

/** 404 for an unknown account, 403 for one that is not the viewer's. */
export function requireAccount(deps: Pick<AppDeps, 'config' | 'repos'>, viewer: Viewer, accountId: string) {
  const account = deps.repos.accounts.get(accountId);
  if (!account) throw new NotFoundError(`no account ${accountId}`);
  if (!canSee(accountScope(deps, viewer), accountId)) throw new ForbiddenError(`account ${accountId} is not yours`);
  return account;
}
