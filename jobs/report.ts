import { utcDay } from '../core/clock.ts';
import { reportFigures } from './report/figures.ts';
import { renderReport } from './report/render.ts';
import { isoWeekLabel, lastCompleteWeek } from './report/weeks.ts';
import type { Job } from './types.ts';

/**
 * Weekly manager report (default Monday 08:00): last complete ISO week's total and change, top accounts, movers,
 * budget risks, incidents and kills, idle waste, and a link to the dashboard. One email per ISO week: the outbox key
 * `report:<week>` makes a second run of the same week a no-op.
 */
export const reportJob: Job = {
  id: 'report',
  description: 'Email the weekly spend summary (last complete ISO week) to alerts.managers.',
  async run(ctx) {
    const { config, repos, clock, notifier } = ctx;
    const now = clock.now().toISOString();
    const today = utcDay(clock.now());
    const weekStart = lastCompleteWeek(today);
    const week = isoWeekLabel(weekStart);
    const figures = reportFigures(ctx, weekStart, today);
    const managers = config.alerts.managers;
    if (managers.length === 0) {
      ctx.log.warn('alerts.managers is empty: no weekly report sent');
      return { week, queued: false, recipients: 0, total: figures.total, skipped: 'alerts.managers is empty' };
    }
    const key = `report:${week}`;
    const msg = renderReport(figures, config.server.publicUrl);
    const queued = notifier.enqueueEmail({ key, to: [...managers], subject: msg.subject, text: msg.text, html: msg.html });
    if (queued) repos.dashboard.recordReport({ isoWeek: week, weekStart, outboxKey: `email:${key}`, summary: figures, createdAt: now });
    ctx.log.info({ week, queued, recipients: managers.length }, queued ? 'weekly report queued' : 'weekly report already sent for this week');
    return { week, queued, alreadySent: !queued, recipients: managers.length, total: figures.total, change: figures.change };
  },
};
