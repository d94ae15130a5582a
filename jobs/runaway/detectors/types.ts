import type { z } from 'zod';
import type { Architecture } from '../prices.ts';

/** The per-function CloudWatch metrics Warden reads, one value per minute (null: no point). */
export const METRIC_KEYS = ['invocations', 'errors', 'throttles', 'durationAvg', 'concurrency', 'recursiveDropped'] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** Counts are absent when nothing happened; gauges (duration, concurrency) have no value then. */
export const COUNT_METRICS: ReadonlySet<MetricKey> = new Set(['invocations', 'errors', 'throttles', 'recursiveDropped']);

export interface MinuteSeries {
  /** Epoch ms of the first minute (a whole minute). */
  start: number;
  minutes: number;
  values: Record<MetricKey, Array<number | null>>;
}

export interface EventSource {
  arn: string;
  via: 'event-source-mapping' | 'permission';
}

/** Where a function's own configuration names a resource: environment variable, destination, dead-letter queue. */
export interface ConfigRef {
  where: string;
  value: string;
}

export interface FunctionFacts {
  arn: string;
  name: string;
  accountId: string;
  region: string;
  memoryMb: number;
  architecture: Architecture;
  tags: Record<string, string>;
  sources: EventSource[];
  refs: ConfigRef[];
}

export type Params = Record<string, number>;

export interface DetectorInput {
  fn: FunctionFacts;
  series: MinuteSeries;
  /** Estimated $/hour per minute of the series (null where invocations are unknown). */
  burn: Array<number | null>;
  params: Params;
}

export interface EvidencePoint {
  at: string;
  value: number;
}

export interface Finding {
  detector: string;
  /** Whether this finding asks for the kill switch (rate, growth, burn) or only for an alert. */
  kill: boolean;
  severity: 'info' | 'warning' | 'critical';
  summary: string;
  evidence: { metric: string; threshold: number | null; observed: number | null; points: EvidencePoint[]; reasons?: string[] };
}

/** One registered detector (Cloud Custodian style): pure, judges only what it is given. */
export interface Detector {
  id: string;
  description: string;
  /** Strict schema of the parameters; each is a positive number. */
  parameters: z.ZodObject;
  defaults: Params;
  /** Parameters that are limits: multiplied by the suspect factor (lower) or the cool-down margin (higher). */
  limits: readonly string[];
  /** IAM actions the member role needs for the data this detector judges. */
  permissions: readonly string[];
  evaluate(input: DetectorInput): Finding | null;
}
