import type { FastifyInstance } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import { formatCents, parseAmount } from '../../core/money.ts';
import type { AppDeps } from '../app.ts';
import { ForbiddenError } from '../auth/errors.ts';
import { accountScope, canSee } from '../auth/viewer.ts';
import { integrations } from '../integrations.ts';
import { idParam } from './schemas.ts';

const finding = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, accountId: { type: 'string' }, accountName: { type: ['string', 'null'] }, owner: { type: ['string', 'null'] }, owners: { type: 'array', items: { type: 'string' } }, check: { type: 'string' },
    resourceName: { type: ['string', 'null'] }, estimate: { type: 'boolean' }, command: { type: 'string' },
    resourceType: { type: 'string' }, resourceId: { type: 'string' }, region: { type: 'string' }, title: { type: 'string' }, monthlyWasteUsd: { type: 'string' },
    state: { type: 'string' }, snoozedUntil: { type: ['string', 'null'] }, detectedAt: { type: 'string' },
  },
} as const;

export async function idleRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;

  app.get<{ Querystring: { owner?: string; account?: string } }>('/api/idle', {
    schema: {
      tags: ['idle'], summary: 'Idle findings and monthly waste per owner',
      querystring: { type: 'object', properties: { owner: { type: 'string', maxLength: 254 }, account: { type: 'string', pattern: '^\\d{12}$' } } },
      response: {
        200: {
          type: 'object',
          properties: {
            available: { type: 'boolean' }, totalMonthlyWasteUsd: { type: 'string' },
            owners: { type: 'array', items: { type: 'object', properties: { owner: { type: 'string' }, monthlyWasteUsd: { type: 'string' }, findings: { type: 'integer' } } } },
            findings: { type: 'array', items: finding },
          },
        },
      },
    },
  }, async (req) => {
    const idle = await integrations.idle();
    if (!idle) return { available: false, totalMonthlyWasteUsd: '0.00', owners: [], findings: [] };
    const names = new Map(deps.repos.accounts.list().map((a) => [a.id, a.name]));
    const owner = req.query.owner?.toLowerCase();
    const scope = accountScope(deps, req.viewer!);
    const me = req.viewer!.email;
    // A developer sees the findings in their accounts and those they own anywhere.
    const all = idle.findings(deps, null)
      .filter((f) => canSee(scope, f.accountId) || (me !== null && f.owners.includes(me)))
      .filter((f) => (!owner || f.owners.includes(owner)) && (!req.query.account || f.accountId === req.query.account));
    const byOwner = new Map<string, { nano: bigint; n: number }>();
    let total = 0n;
    for (const f of all) {
      const nano = parseAmount(f.monthlyWasteUsd, 'monthlyWasteUsd');
      if (f.state !== 'snoozed') total += nano;
      // A finding with two owners counts for both; snoozed findings are listed but carry no waste in the totals.
      for (const key of f.owners.length ? f.owners : ['(no owner)']) {
        const o = byOwner.get(key) ?? { nano: 0n, n: 0 };
        byOwner.set(key, f.state === 'snoozed' ? o : { nano: o.nano + nano, n: o.n + 1 });
      }
    }
    const owners = [...byOwner].sort((a, b) => (b[1].nano > a[1].nano ? 1 : b[1].nano < a[1].nano ? -1 : a[0].localeCompare(b[0])))
      .map(([o, v]) => ({ owner: o, monthlyWasteUsd: formatCents(v.nano), findings: v.n }));
    return { available: true, totalMonthlyWasteUsd: formatCents(total), owners, findings: all.map((f) => ({ ...f, accountName: names.get(f.accountId) ?? null })) };
  });

  app.post<{ Params: { id: number }; Body: { days?: number } | undefined }>('/api/findings/:id/snooze', {
    schema: {
      tags: ['idle'], summary: 'Snooze an idle finding for some days (the owner or a manager)', params: idParam,
      body: { type: ['object', 'null'], additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 365 } } },
      response: { 200: { type: 'object', properties: { snoozed: { type: 'boolean' }, id: { type: 'integer' }, days: { type: 'integer' }, snoozedUntil: { type: ['string', 'null'] } } } },
    },
  }, async (req) => {
    const idle = await integrations.idle();
    const f = idle?.getFinding(deps, req.params.id);
    if (!idle || !f) throw new NotFoundError(`no finding ${req.params.id}`);
    const viewer = req.viewer!;
    const owns = viewer.email !== null && f.owners.includes(viewer.email);
    if (!canSee(accountScope(deps, viewer), f.accountId) && !owns) throw new ForbiddenError(`finding ${f.id} is in account ${f.accountId}, which is not yours`);
    const days = req.body?.days ?? deps.config.idle.snoozeDays ?? 30;
    await idle.snooze(deps, f.id, { days, actor: viewer.email ?? `token:${viewer.tokenName}` });
    return { snoozed: true, id: f.id, days, snoozedUntil: idle.getFinding(deps, f.id)?.snoozedUntil ?? null };
  });
}
