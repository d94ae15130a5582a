import type { FastifyInstance, FastifyReply } from 'fastify';
import { ConflictError, NotFoundError } from '../../core/errors.ts';
import { formatCents } from '../../core/money.ts';
import { escapeHtml } from '../../notify/templates.ts';
import { snoozeFinding } from '../../jobs/idle/snooze.ts';
import { verifySnoozeToken } from '../../jobs/idle/snoozeToken.ts';
import type { AppDeps } from '../app.ts';

function page(reply: FastifyReply, status: number, title: string, body: string) {
  return reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .send(`<!doctype html><html><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${escapeHtml(title)}</title></head>`
      + `<body style="font-family:sans-serif;max-width:640px;margin:3em auto"><h1>${escapeHtml(title)}</h1>${body}</body></html>`);
}

const REFUSED: Record<'malformed' | 'bad-signature' | 'expired', [number, string]> = {
  malformed: [400, 'This snooze link is not valid.'],
  'bad-signature': [400, 'This snooze link is not valid (it was changed or comes from another Warden).'],
  expired: [410, 'This snooze link has expired. Open the newest digest or the dashboard to snooze.'],
};

/**
 * GET /snooze/<token>: the one action that needs no login. The token is signed and expiring and names one finding;
 * a bad or expired token changes nothing.
 */
export async function snoozeRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;
  app.get<{ Params: { token: string } }>('/snooze/:token', {
    config: { public: true },
    schema: { params: { type: 'object', properties: { token: { type: 'string', maxLength: 600 } }, required: ['token'] } },
  }, async (req, reply) => {
    const check = verifySnoozeToken(deps.config, deps.repos.meta, req.params.token, deps.clock.now());
    if (!check.ok) {
      const [status, message] = REFUSED[check.reason];
      req.log.info({ reason: check.reason }, 'snooze link refused');
      return page(reply, status, 'Snooze link refused', `<p>${escapeHtml(message)}</p>`);
    }
    try {
      const f = snoozeFinding(deps, check.findingId, { days: deps.config.idle.snoozeDays, actor: check.actor });
      req.log.info({ findingId: f.id, actor: check.actor, until: f.snoozedUntil }, 'finding snoozed by link');
      return page(reply, 200, 'Snoozed', `<p><strong>${escapeHtml(f.resourceType)} ${escapeHtml(f.resourceName ?? f.resourceId)}</strong>`
        + ` in account ${escapeHtml(f.accountId)}, ${escapeHtml(f.region)} (${escapeHtml(f.checkId)}, $${escapeHtml(formatCents(f.monthlyNano))}/month)`
        + ` is snoozed until <strong>${escapeHtml(f.snoozedUntil?.slice(0, 10))}</strong>.</p><p>Warden will leave it out of your digests until then. Nothing was changed in AWS.</p>`);
    } catch (err) {
      if (err instanceof NotFoundError) return page(reply, 404, 'Finding not found', '<p>This finding no longer exists.</p>');
      if (err instanceof ConflictError) return page(reply, 409, 'Nothing to snooze', `<p>${escapeHtml(err.message)}</p>`);
      throw err;
    }
  });
}
