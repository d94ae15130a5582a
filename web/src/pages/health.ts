import { api } from '../lib/api.ts';
import { badge, card, h, link, table, when } from '../lib/dom.ts';
import type { Run } from '../lib/types.ts';

const KIND: Record<string, string> = { ok: 'ok', partial: 'warning', failed: 'critical', abandoned: 'critical', running: 'muted' };

export async function healthPage(root: HTMLElement): Promise<void> {
  const r = await api<{ runs: Run[]; lastPerJob: Run[]; apiCostUsdTotal: string }>('/api/runs?limit=50');
  const errors = r.lastPerJob.flatMap((run) => run.errors.map((e) => ({ job: run.job, ...e })));
  root.replaceChildren(
    h('h1', {}, 'Health'),
    h('p', {}, `API cost of Warden itself (all recorded runs): $${r.apiCostUsdTotal} · `, link('/metrics', 'Prometheus metrics'), ' · ', link('/docs', 'API docs')),
    card('Last run of each job', table(['Job', 'Status', 'Finished', 'Duration', 'API calls', 'API cost', 'Errors'], r.lastPerJob.map((run) => [
      run.job, badge(run.status, KIND[run.status] ?? 'muted'), when(run.finishedAt), run.durationMs === null ? '—' : `${(run.durationMs / 1000).toFixed(1)} s`,
      String(run.apiCallCount), `$${run.apiCostUsd}`, run.error ?? String(run.errors.length),
    ]), { empty: 'No job has run yet.', id: 'last-runs' })),
    card('Per-account errors of the last runs', table(['Job', 'Account', 'Region', 'Message'], errors.map((e) => [e.job, e.accountId ? link(`#/account/${e.accountId}`, e.accountId) : '—', e.region ?? '—', e.message]), { empty: 'No account failed.' })),
    card('Recent runs', table(['#', 'Job', 'Status', 'Started', 'API calls', 'API cost'], r.runs.map((run) => [
      String(run.id), run.job, badge(run.status, KIND[run.status] ?? 'muted'), when(run.startedAt), String(run.apiCallCount), `$${run.apiCostUsd}`,
    ]), { empty: 'No runs yet.' })),
  );
}
