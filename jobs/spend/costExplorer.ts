import { GetCostAndUsageCommand, type GetCostAndUsageCommandInput, type GetCostAndUsageCommandOutput } from '@aws-sdk/client-cost-explorer';
import type { AwsSession } from '../../aws/clients.ts';
import { BadResponseError } from '../../core/errors.ts';
import { parseAmount } from '../../core/money.ts';
import type { StagedRow } from '../../db/repos/spendStaging.ts';

const CREDIT_TYPES = ['Credit', 'Refund'];
/** A guard against a response that never stops paging. */
const MAX_PAGES = 1000;

export type Stream = 'usage' | 'credits';

/** The two request streams, for the whole organization at once: usage by account and service, credits apart. */
export function streamRequest(stream: Stream, start: string, end: string, metric: string): GetCostAndUsageCommandInput {
  return {
    TimePeriod: { Start: start, End: end },
    Granularity: 'DAILY',
    Metrics: [metric],
    GroupBy: [
      { Type: 'DIMENSION', Key: 'LINKED_ACCOUNT' },
      { Type: 'DIMENSION', Key: stream === 'usage' ? 'SERVICE' : 'RECORD_TYPE' },
    ],
    Filter: stream === 'usage'
      ? { Not: { Dimensions: { Key: 'RECORD_TYPE', Values: CREDIT_TYPES } } }
      : { Dimensions: { Key: 'RECORD_TYPE', Values: CREDIT_TYPES } },
  };
}

/** One (account, day, service or record type) amount of a page: the shape the spend staging tables take. */
export type ParsedRow = StagedRow;

/** Validates one page; every problem names the day, group and field. Rows of one (account, day, key) are summed. */
export function parsePage(page: GetCostAndUsageCommandOutput, metric: string, into: Map<string, ParsedRow>): void {
  if (!Array.isArray(page.ResultsByTime)) throw new BadResponseError('Cost Explorer response has no ResultsByTime list');
  for (const [i, r] of page.ResultsByTime.entries()) {
    const day = r.TimePeriod?.Start;
    if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new BadResponseError(`ResultsByTime[${i}].TimePeriod.Start is missing or not a date: ${JSON.stringify(day)}`);
    for (const [j, g] of (r.Groups ?? []).entries()) {
      const where = `ResultsByTime[${i}] (${day}).Groups[${j}]`;
      const [accountId, key] = g.Keys ?? [];
      if (!accountId || !/^\d{12}$/.test(accountId)) throw new BadResponseError(`${where}.Keys[0] is not an account id: ${JSON.stringify(accountId)}`);
      if (!key) throw new BadResponseError(`${where}.Keys[1] is missing`);
      const m = g.Metrics?.[metric];
      if (!m) throw new BadResponseError(`${where}.Metrics.${metric} is missing`);
      const amountNano = parseAmount(m.Amount, `${where}.Metrics.${metric}.Amount`);
      const unit = m.Unit;
      if (!unit || !/^[A-Z]{3}$/.test(unit)) throw new BadResponseError(`${where}.Metrics.${metric}.Unit is not a currency code: ${JSON.stringify(unit)}`);
      const id = `${accountId}\x1f${day}\x1f${key}\x1f${unit}`;
      const prev = into.get(id);
      if (prev) prev.amountNano += amountNano;
      else into.set(id, { accountId, day, key, amountNano, unit, estimated: r.Estimated === true });
    }
  }
}

/** Fetches one stream for [start, end), following NextPageToken; each page's rows go to `onPage` (memory stays one page). */
export async function fetchStream(session: AwsSession, stream: Stream, start: string, end: string, metric: string, onPage: (rows: ParsedRow[]) => void): Promise<{ pages: number }> {
  const ce = session.management('ce');
  const base = streamRequest(stream, start, end, metric);
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await ce.send(new GetCostAndUsageCommand({ ...base, ...(token ? { NextPageToken: token } : {}) }));
    const rows = new Map<string, ParsedRow>();
    parsePage(page, metric, rows);
    onPage([...rows.values()]);
    pages++;
    if (pages >= MAX_PAGES) throw new BadResponseError(`Cost Explorer kept paging past ${MAX_PAGES} pages for ${start}..${end}`);
    const next = page.NextPageToken || undefined;
    if (next && next === token) throw new BadResponseError('Cost Explorer returned the same NextPageToken twice');
    token = next;
  } while (token);
  return { pages };
}
