import type { Command } from 'commander';
import { startScheduler } from '../../jobs/scheduler.ts';
import { buildApp } from '../../server/app.ts';
import { bootstrap } from '../bootstrap.ts';
import { acquireInstanceLock } from '../../core/instanceLock.ts';
import { EXIT, type CliContext } from '../context.ts';

/** Scheduler + HTTP server until SIGTERM/SIGINT; then a bounded, clean stop. */
export function registerServe(program: Command, ctx: CliContext): void {
  program
    .command('serve')
    .description('Run the scheduler and the HTTP server (dashboard, API, /healthz)')
    .option('--no-scheduler', 'serve HTTP only, do not run jobs')
    .action(async (opts: { scheduler: boolean }, cmd: Command) => {
      // Listen for signals first: without a listener the default action kills the process mid-start.
      let signalled: (signal: string) => void = () => undefined;
      const stopRequested = new Promise<string>((resolve) => (signalled = resolve));
      process.once('SIGTERM', () => signalled('SIGTERM'));
      process.once('SIGINT', () => signalled('SIGINT'));
      const rt = bootstrap(ctx.configPath(cmd), ctx.env, { crashPoints: ctx.crashPoints });
      let lock: ReturnType<typeof acquireInstanceLock>;
      try {
        lock = acquireInstanceLock(rt.repos.instanceLock, rt.clock, rt.config.database.path);
      } catch (err) {
        rt.close();
        throw err;
      }
      const app = await buildApp(rt);
      try {
        await app.listen({ host: rt.config.server.host, port: rt.config.server.port });
      } catch (err) {
        lock.release();
        rt.close();
        throw err;
      }
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : rt.config.server.port;
      rt.logger.info({ host: rt.config.server.host, port }, 'warden serving');
      const scheduler = opts.scheduler ? startScheduler(rt) : undefined;
      const signal = await stopRequested;
      rt.logger.info({ signal }, 'stopping');
      const left = (await scheduler?.stop(rt.config.server.shutdownGraceMs)) ?? [];
      if (left.length) rt.logger.warn({ jobs: left }, 'jobs still running at shutdown were abandoned; they are marked so at next start');
      await app.close();
      lock.release();
      rt.close();
      ctx.setExitCode(EXIT.ok);
    });
}
