import type { Job } from './types.ts';

/** Sends queued emails and webhook posts that are due (the runner flushes after every job too). */
export const outboxJob: Job = {
  id: 'outbox',
  description: 'Deliver queued emails and webhook posts, retrying failures with backoff.',
  async run(ctx) {
    const result = await ctx.notifier.flush();
    return { outbox: { ...result, backlog: ctx.repos.outbox.backlog() } };
  },
};
