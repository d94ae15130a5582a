import { ConflictError, InputError, NotFoundError } from '../../core/errors.ts';
import type { FindingRow } from '../../db/repos/idleFindings.ts';
import type { Deps } from '../types.ts';
import { DAY_MS } from './types.ts';

/**
 * Snoozes one open finding for `days` days: the digests leave it out until then, and mail it again when the snooze
 * ends. Used by the signed link (GET /snooze/<token>) and the dashboard (POST /api/findings/<id>/snooze).
 * A snooze never shortens an existing longer one.
 */
export function snoozeFinding(deps: Pick<Deps, 'repos' | 'clock'>, findingId: number, opts: { days: number; actor: string }): FindingRow {
  if (!Number.isInteger(opts.days) || opts.days < 1 || opts.days > 365) throw new InputError('days must be a whole number from 1 to 365', 'days');
  const finding = deps.repos.idle.findings.get(findingId);
  if (!finding) throw new NotFoundError(`no finding ${findingId}`);
  if (finding.state !== 'open') throw new ConflictError(`finding ${findingId} is closed (the resource is no longer idle or no longer exists)`);
  const now = deps.clock.now();
  const until = new Date(now.getTime() + opts.days * DAY_MS).toISOString();
  if (finding.snoozedUntil && finding.snoozedUntil >= until) return finding;
  deps.repos.idle.findings.snooze(findingId, until, opts.actor, now.toISOString());
  return deps.repos.idle.findings.get(findingId)!;
}
