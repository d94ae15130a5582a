import type { FastifyInstance } from 'fastify';
import { formatAmount } from '../../core/money.ts';
import type { AppDeps } from '../app.ts';
import { integrations } from '../integrations.ts';

/** Prometheus label value escaping (backslash, quote, newline). */
const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Record<string, string>) => `{${Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`).join(',')}}`;

class Exposition {
  private lines: string[] = [];
  family(name: string, type: 'gauge' | 'counter', help: string, samples: Array<[Record<string, string>, number | string]>): void {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) this.lines.push(`${name}${Object.keys(l).length ? labels(l) : ''} ${v}`);
  }
  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/** GET /metrics: Prometheus text format 0.0.4. Needs a login or an API token, like every route but /healthz. */
export async function metricsRoutes(app: FastifyInstance, opts: { deps: AppDeps }) {
  const { deps } = opts;
  app.get('/metrics', {
    schema: { tags: ['health'], summary: 'Prometheus metrics: job durations, API calls and cost, open incidents, throttled functions, outbox backlog', produces: ['text/plain'] },
  }, async (_req, reply) => {
    const d = deps.repos.dashboard;
    const m = new Exposition();
    m.family('warden_job_last_duration_seconds', 'gauge', 'Duration of the last finished run of each job.',
      d.lastDurations().map((r) => [{ job: r.job }, Number(r.seconds.toFixed(3))]));
    m.family('warden_job_last_success', 'gauge', '1 if the last finished run of the job was ok or partial, else 0.',
      d.lastDurations().map((r) => [{ job: r.job }, r.status === 'ok' || r.status === 'partial' ? 1 : 0]));
    m.family('warden_job_runs_total', 'counter', 'Job runs recorded, by job and status.', d.runCounts().map((r) => [{ job: r.job, status: r.status }, r.n]));
    m.family('warden_aws_api_calls_total', 'counter', 'AWS API calls made by Warden, by service and operation.',
      d.apiCallTotals().map((r) => { const [service = '', operation = ''] = r.call.split(':'); return [{ service, operation }, r.n]; }));
    m.family('warden_aws_api_cost_usd_total', 'counter', 'Estimated cost of the paid AWS API calls Warden made (e.g. Cost Explorer), by job.',
      d.apiCostByJob().map((r) => [{ job: r.job }, formatAmount(r.nano, 2)]));
    const open = deps.repos.alerts.countOpen();
    m.family('warden_open_incidents', 'gauge', 'Open incidents by severity.', (['info', 'warning', 'critical'] as const).map((s) => [{ severity: s }, open[s] ?? 0]));
    const runaway = await integrations.runaway();
    if (runaway) m.family('warden_throttled_functions', 'gauge', 'Lambda functions currently throttled by the kill switch.', [[{}, runaway.listThrottled(deps).length]]);
    const backlog = deps.repos.outbox.backlog();
    m.family('warden_outbox_messages', 'gauge', 'Outbox messages by state (pending and sending are the backlog).', (['pending', 'sending', 'sent', 'dead'] as const).map((s) => [{ state: s }, backlog[s] ?? 0]));
    m.family('warden_spend_last_day_timestamp_seconds', 'gauge', 'Last day with stored spend (start of day, UTC).', [[{}, d.lastSpendDay() ? Date.parse(`${d.lastSpendDay()}T00:00:00Z`) / 1000 : 0]]);
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(m.text());
  });
}
