/**
 * Lambda list prices used for the burn estimate (us-east-1, first tier, on-demand; free tier ignored on purpose:
 * a runaway exhausts it in minutes). Source: https://aws.amazon.com/lambda/pricing/ (Requests: $0.20 per 1M;
 * Duration: $0.0000166667 per GB-second on x86, $0.0000133334 per GB-second on Arm), checked 2026-03.
 * Other regions and the volume tiers differ by a few percent; the estimate is a threshold signal, not a bill.
 */
export const LAMBDA_PRICES = {
  requestUsd: 0.2 / 1_000_000,
  gbSecondUsd: { x86_64: 0.0000166667, arm64: 0.0000133334 },
} as const;

export type Architecture = keyof typeof LAMBDA_PRICES.gbSecondUsd;

export function architectureOf(list: readonly string[] | undefined): Architecture {
  return list?.includes('arm64') ? 'arm64' : 'x86_64';
}

export interface BurnInput {
  invocationsPerMinute: number;
  /** Average billed duration per invocation; null when CloudWatch gave none (then only requests are priced). */
  durationAvgMs: number | null;
  memoryMb: number;
  architecture: Architecture;
}

/** Estimated cost rate in $/hour if the given minute's rate went on for an hour. */
export function burnUsdPerHour(b: BurnInput): number {
  const gbSeconds = b.invocationsPerMinute * ((b.durationAvgMs ?? 0) / 1000) * (b.memoryMb / 1024);
  const perMinute = b.invocationsPerMinute * LAMBDA_PRICES.requestUsd + gbSeconds * LAMBDA_PRICES.gbSecondUsd[b.architecture];
  return perMinute * 60;
}

/** Upper bound for an account-region from its account-level series: total duration priced at its largest function. */
export function accountBurnBoundUsdPerHour(invocations: number, durationSumMs: number, maxMemoryMb: number): number {
  const gbSeconds = (durationSumMs / 1000) * (maxMemoryMb / 1024);
  return (invocations * LAMBDA_PRICES.requestUsd + gbSeconds * LAMBDA_PRICES.gbSecondUsd.x86_64) * 60;
}
