import { GetCostForecastCommand } from '@aws-sdk/client-cost-explorer';
import type { AwsSession } from '../../aws/clients.ts';
import { describeAwsError } from '../../aws/errors.ts';
import { parseAmount } from '../../core/money.ts';
import type { Logger } from '../../core/logger.ts';

const METRIC_NAMES: Record<string, string> = {
  UnblendedCost: 'UNBLENDED_COST', AmortizedCost: 'AMORTIZED_COST', NetUnblendedCost: 'NET_UNBLENDED_COST',
  NetAmortizedCost: 'NET_AMORTIZED_COST', BlendedCost: 'BLENDED_COST',
};

/**
 * Cost Explorer's own forecast, one request ($0.01) per account. The first failure of any kind (not implemented by
 * an emulator, DataUnavailableException early in a month, access denied) switches the rest of the run to projection.
 */
export function createCeForecaster(session: AwsSession, metric: string, log: Logger) {
  let disabled = false;
  return async (accountId: string, today: string, monthEnd: string): Promise<bigint | undefined> => {
    if (disabled || today >= monthEnd) return undefined;
    try {
      const out = await session.management('ce').send(new GetCostForecastCommand({
        TimePeriod: { Start: today, End: monthEnd }, Granularity: 'MONTHLY', Metric: (METRIC_NAMES[metric] ?? 'UNBLENDED_COST') as never,
        Filter: { Dimensions: { Key: 'LINKED_ACCOUNT', Values: [accountId] } },
      }));
      return parseAmount(out.Total?.Amount, 'GetCostForecast Total.Amount');
    } catch (err) {
      disabled = true;
      log.warn({ accountId, err: describeAwsError(err) }, 'GetCostForecast unavailable; falling back to run-rate projection');
      return undefined;
    }
  };
}
