// What the runaway crash test reads back: Warden's kill-switch rows (from the database file, read-only) and a
// function's reserved concurrency and Warden tags (from the emulator, with the member account's credentials).
import { GetFunctionConcurrencyCommand, LambdaClient, ListTagsCommand } from '@aws-sdk/client-lambda';
import { WARDEN_TAGS } from '../../jobs/runaway/tags.ts';
import type { ThrottleState } from '../../db/repos/runawayThrottles.ts';
import { readDb } from './crash.ts';
import { memberClientConfig } from './org-simulator.ts';

export interface RowView {
  id: number;
  arn: string;
  state: ThrottleState;
  previousConcurrency: number | null;
  alertId: number | null;
  /** State of the row's incident (or of the function's latest one when the row has none yet). */
  incidentState: 'open' | 'resolved' | null;
}

export function throttleRows(dbPath: string): RowView[] {
  return readDb(dbPath, (db) => db.prepare(`SELECT t.id, t.function_arn AS arn, t.state, t.previous_concurrency AS previousConcurrency, t.alert_id AS alertId,
    COALESCE((SELECT state FROM alerts WHERE id = t.alert_id), (SELECT state FROM alerts WHERE subject = 'runaway:' || t.function_arn ORDER BY id DESC LIMIT 1)) AS incidentState
    FROM runaway_throttles t ORDER BY t.id`).all() as RowView[]);
}

const clients = new Map<string, Promise<LambdaClient>>();

/** Reserved concurrency (undefined = none) and whether any Warden tag is on the function; `tagKey`'s value if asked. */
export async function lambdaState(endpoint: string, accountId: string, arn: string, tagKey?: string): Promise<{ reserved: number | undefined; wardenTags: boolean; tag?: string }> {
  const key = `${endpoint}|${accountId}`;
  if (!clients.has(key)) clients.set(key, memberClientConfig(endpoint, accountId).then((c) => new LambdaClient(c)));
  const lambda = await clients.get(key)!;
  const reserved = (await lambda.send(new GetFunctionConcurrencyCommand({ FunctionName: arn }))).ReservedConcurrentExecutions;
  const tags = (await lambda.send(new ListTagsCommand({ Resource: arn }))).Tags ?? {};
  return { reserved, wardenTags: WARDEN_TAGS.some((t) => t in tags), ...(tagKey ? { tag: tags[tagKey] } : {}) };
}
