import { createHash } from 'node:crypto';
import type { Config } from '../config/load.ts';
import type { Clock } from '../core/clock.ts';
import type { Logger } from '../core/logger.ts';
import { errorMessage } from '../core/errors.ts';
import type { Repos } from '../db/repos/index.ts';
import type { OutboxRow } from '../db/repos/outbox.ts';
import type { AlertRow } from '../db/repos/alerts.ts';
import { isPermanentMailError, type MailTransport } from './transport.ts';
import { alertMessage } from './templates.ts';
import { thisProcess } from '../core/processes.ts';
import type { CrashPoints } from '../core/crashPoints.ts';

export interface EmailInput {
  key: string;
  to: string[];
  subject: string;
  text: string;
  html?: string;
  alertId?: number | null;
}

export interface FlushResult {
  sent: number;
  retrying: number;
  dead: number;
}

export interface Notifier {
  /** Stores an email in the outbox (no-op if the key was already used). */
  enqueueEmail(m: EmailInput): boolean;
  /** Stores the alert's email (managers, plus the owner when given) and its webhook post, keyed by `key`. */
  notifyAlert(alert: AlertRow, key: string, opts?: { owner?: string | null; note?: string }): void;
  /** Sends what is due; failures are retried later with backoff. Never throws for a delivery failure. */
  flush(): Promise<FlushResult>;
}

export interface WebhookPoster {
  (url: string, body: unknown): Promise<void>;
}

export const postJson: WebhookPoster = async (url, body) => {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw Object.assign(new Error(`webhook answered HTTP ${res.status}`), { responseCode: res.status });
};

function messageIdFor(key: string, from: string): string {
  const domain = from.split('@')[1] ?? 'warden.local';
  return `<${createHash('sha256').update(key).digest('hex').slice(0, 32)}@${domain}>`;
}

export function createNotifier(deps: { config: Config; repos: Repos; clock: Clock; logger: Logger; transport: MailTransport; postWebhook?: WebhookPoster; crashPoints?: CrashPoints }): Notifier {
  const { config, repos, clock, logger, transport } = deps;
  const postWebhook = deps.postWebhook ?? postJson;
  const now = () => clock.now().toISOString();
  const claimer = thisProcess();

  function backoff(attempts: number): string {
    const s = Math.min(config.outbox.maxDelaySeconds, config.outbox.baseDelaySeconds * 2 ** Math.max(0, attempts - 1));
    return new Date(clock.now().getTime() + s * 1000).toISOString();
  }

  async function deliver(row: OutboxRow): Promise<{ providerId: string | null; rejected: string[] }> {
    if (row.channel === 'webhook') {
      const url = config.secrets.webhookUrl;
      if (!url) return { providerId: null, rejected: [] }; // webhook removed from config since it was queued: nothing to do
      await postWebhook(url, row.payload);
      return { providerId: null, rejected: [] };
    }
    return transport.send({ from: config.email.from, to: row.recipients, subject: row.subject ?? '', text: row.text ?? '', html: row.html, messageId: messageIdFor(row.idempotencyKey, config.email.from) });
  }

  const notifier: Notifier = {
    enqueueEmail(m) {
      const to = [...new Set(m.to.map((a) => a.trim()).filter(Boolean))];
      if (to.length === 0) return false;
      return repos.outbox.enqueue({ idempotencyKey: `email:${m.key}`, channel: 'email', recipients: to, subject: m.subject, text: m.text, html: m.html ?? null, alertId: m.alertId ?? null }, now());
    },
    notifyAlert(alert, key, opts = {}) {
      const msg = alertMessage(alert, config.server.publicUrl, opts.note);
      const to = [...config.alerts.managers, ...(opts.owner ? [opts.owner] : [])];
      notifier.enqueueEmail({ key, to, subject: msg.subject, text: msg.text, html: msg.html, alertId: alert.id });
      if (config.secrets.webhookUrl) {
        repos.outbox.enqueue({ idempotencyKey: `webhook:${key}`, channel: 'webhook', recipients: [], payload: { text: msg.slackText, alert: { id: alert.id, kind: alert.kind, severity: alert.severity, accountId: alert.accountId, resource: alert.resource, title: alert.title, state: alert.state } }, alertId: alert.id }, now());
      }
    },
    async flush() {
      const result: FlushResult = { sent: 0, retrying: 0, dead: 0 };
      if (transport.kind === 'none' && !config.secrets.webhookUrl) return result;
      for (const row of repos.outbox.due(now(), 200)) {
        if (row.channel === 'email' && transport.kind === 'none') continue;
        if (!repos.outbox.claim(row.id, claimer, now())) continue;
        deps.crashPoints?.reach('outbox:after-claim');
        try {
          const r = await deliver(row);
          deps.crashPoints?.reach('outbox:after-send');
          repos.outbox.markSent(row.id, now(), r.providerId, r.rejected);
          if (r.rejected.length) logger.warn({ outboxId: row.id, rejected: r.rejected }, 'some recipients were refused');
          result.sent++;
        } catch (err) {
          const dead = isPermanentMailError(err) || row.attempts + 1 >= config.outbox.maxAttempts;
          repos.outbox.markFailed(row.id, errorMessage(err), backoff(row.attempts + 1), dead);
          logger.warn({ outboxId: row.id, channel: row.channel, attempts: row.attempts + 1, dead, err: errorMessage(err) }, 'outbox delivery failed');
          if (dead) result.dead++;
          else result.retrying++;
        }
      }
      return result;
    },
  };
  return notifier;
}
