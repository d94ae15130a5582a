/**
 * Counts every AWS call of a run by "service:Operation" and prices the paid ones.
 * Prices (us-east-1 list, see docs/aws-prices.md): Cost Explorer API $0.01 per request (each page is a request);
 * CloudWatch GetMetricData $0.01 per 1,000 metrics requested.
 */
const NANO_PER_USD = 1_000_000_000n;
const CE_REQUEST_NANO = NANO_PER_USD / 100n; // $0.01
const GMD_METRIC_NANO = NANO_PER_USD / 100n / 1000n; // $0.00001

const CE_PAID = new Set(['GetCostAndUsage', 'GetCostForecast', 'GetCostAndUsageWithResources', 'GetDimensionValues', 'GetUsageForecast']);

export interface MeterSnapshot {
  apiCalls: Record<string, number>;
  apiCostNano: bigint;
  metricsRequested: number;
}

export class ApiMeter {
  private readonly calls = new Map<string, number>();
  private costNano = 0n;
  private metrics = 0;

  record(service: string, operation: string, input: unknown): void {
    const key = `${service}:${operation}`;
    this.calls.set(key, (this.calls.get(key) ?? 0) + 1);
    if (service === 'ce' && CE_PAID.has(operation)) this.costNano += CE_REQUEST_NANO;
    if (service === 'cloudwatch' && operation === 'GetMetricData') {
      const queries = (input as { MetricDataQueries?: Array<{ MetricStat?: unknown }> }).MetricDataQueries ?? [];
      const n = queries.filter((q) => q.MetricStat).length;
      this.metrics += n;
      this.costNano += BigInt(n) * GMD_METRIC_NANO;
    }
  }

  count(key: string): number {
    return this.calls.get(key) ?? 0;
  }

  snapshot(): MeterSnapshot {
    const apiCalls = Object.fromEntries([...this.calls.entries()].sort(([a], [b]) => a.localeCompare(b)));
    return { apiCalls, apiCostNano: this.costNano, metricsRequested: this.metrics };
  }
}
