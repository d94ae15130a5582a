// Deterministic daily spend for a simulated organization. Same (org spec, options) → same records,
// whatever account ids moto drew: each account's PRNG is seeded from `seed` and the account NAME.
//
// Shape: every ACTIVE or SUSPENDED non-management account spends daily on a few services; EC2,
// Lambda, DynamoDB and CloudWatch drop at weekends (developers stop things), RDS and S3 do not.
// Profiles (SimAccount.spendProfile): 'normal' ≈ $1.5–5/day (≈ $60–150/month, around a typical
// $100 monthly sandbox budget); 'heavy' ≈ $55/day (over $1,500/month: well over budget);
// 'growing' rises ~6%/day of the window; 'declining' falls ~3%/day; 'idle' spends cents;
// 'production' ≈ $100–160/day. A SUSPENDED account spends only on S3 after mid-window.
// EC2 is split into two line items on some days, so per (account, day, service) sums matter.
// A few accounts get a Credit or Refund line (negative amounts).
import { addDays, daysInRange, weekday } from './dates.ts';
import { formatDecimal } from './decimal.ts';
import type { SimAccount, SimOrg, SpendProfile, SpendRecord } from './types.ts';
import { seededRandom } from './random.ts';

export const SERVICES = {
  ec2: 'Amazon Elastic Compute Cloud - Compute',
  lambda: 'AWS Lambda',
  s3: 'Amazon Simple Storage Service',
  rds: 'Amazon Relational Database Service',
  cloudwatch: 'AmazonCloudWatch',
  dynamodb: 'Amazon DynamoDB',
} as const;
type ServiceKey = keyof typeof SERVICES;

const WEEKEND_SENSITIVE: ReadonlySet<ServiceKey> = new Set(['ec2', 'lambda', 'dynamodb', 'cloudwatch']);

/** Daily base cost range in USD per service; `chance` < 1 means the account may not use it. */
type Mix = Partial<Record<ServiceKey, { min: number; max: number; chance?: number }>>;
const MIXES: Record<SpendProfile, Mix> = {
  normal: {
    ec2: { min: 0.8, max: 3 },
    lambda: { min: 0.01, max: 0.4 },
    s3: { min: 0.05, max: 0.6 },
    cloudwatch: { min: 0.05, max: 0.3 },
    rds: { min: 0.5, max: 1.8, chance: 0.4 },
    dynamodb: { min: 0.02, max: 0.5, chance: 0.5 },
  },
  heavy: {
    ec2: { min: 38, max: 48 },
    rds: { min: 9, max: 12 },
    lambda: { min: 2, max: 4 },
    cloudwatch: { min: 1, max: 2 },
    s3: { min: 0.8, max: 1.2 },
  },
  growing: { ec2: { min: 1, max: 2 }, lambda: { min: 0.2, max: 0.5 }, s3: { min: 0.1, max: 0.3 }, cloudwatch: { min: 0.05, max: 0.2 } },
  declining: { ec2: { min: 2, max: 3 }, rds: { min: 1, max: 1.5 }, s3: { min: 0.1, max: 0.3 }, cloudwatch: { min: 0.05, max: 0.2 } },
  idle: { s3: { min: 0.001, max: 0.02 }, cloudwatch: { min: 0.0005, max: 0.01 } },
  production: {
    ec2: { min: 60, max: 90 },
    rds: { min: 25, max: 35 },
    s3: { min: 5, max: 8 },
    cloudwatch: { min: 3, max: 5 },
    lambda: { min: 2, max: 6 },
    dynamodb: { min: 4, max: 8 },
  },
};

export interface SpendOptions {
  /** 'YYYY-MM-DD'; spend covers [today - days, today), today excluded. */
  today: string;
  days: number;
  seed: number;
}


function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** USD → 1e-10 units, with random sub-micro digits so amounts use all 10 places. */
function toUnits(usd: number, rand: () => number): bigint {
  const units = BigInt(Math.round(usd * 1e6)) * 10_000n + BigInt(Math.floor(rand() * 10_000));
  return units > 0n ? units : 1n;
}

function accountRecords(account: SimAccount, days: string[], seed: number): SpendRecord[] {
  const rand = seededRandom(hash32(`${seed}:${account.name}`));
  const base = new Map<ServiceKey, number>();
  for (const [key, r] of Object.entries(MIXES[account.spendProfile]) as [ServiceKey, NonNullable<Mix[ServiceKey]>][]) {
    if (rand() < (r.chance ?? 1)) base.set(key, r.min + rand() * (r.max - r.min));
  }
  const out: SpendRecord[] = [];
  const rec = (date: string, service: string, units: bigint, recordType: SpendRecord['recordType'] = 'Usage'): void => {
    out.push({ accountId: account.id, date, service, amount: formatDecimal(units), recordType });
  };
  days.forEach((date, i) => {
    const weekend = weekday(date) === 0 || weekday(date) === 6;
    const closed = account.status !== 'ACTIVE' && i >= days.length / 2;
    let trend = 1;
    if (account.spendProfile === 'growing') trend = 1 + 0.06 * i;
    if (account.spendProfile === 'declining') trend = Math.max(0.15, 1 - 0.03 * i);
    for (const [key, usd] of base) {
      if (closed && key !== 's3') continue;
      const weekendFactor = weekend && WEEKEND_SENSITIVE.has(key) ? (account.kind === 'production' ? 0.85 : 0.4) : 1;
      const units = toUnits(usd * trend * weekendFactor * (0.85 + 0.3 * rand()), rand);
      if (key === 'ec2' && rand() < 0.3) {
        // Two line items (e.g. on-demand and spot) for the same account, day and service.
        const first = (units * BigInt(20 + Math.floor(rand() * 60))) / 100n;
        rec(date, SERVICES[key], first);
        rec(date, SERVICES[key], units - first);
      } else {
        rec(date, SERVICES[key], units);
      }
    }
  });
  if (account.spendProfile !== 'idle' && days.length > 0) {
    const creditRoll = rand();
    const refundRoll = rand();
    const day = (): string => days[Math.floor(rand() * days.length)] ?? days[0]!;
    if (creditRoll < 0.3 || account.spendProfile === 'heavy') {
      rec(day(), SERVICES.ec2, -toUnits(2 + rand() * 13, rand), 'Credit');
    }
    if (refundRoll < 0.15 || account.spendProfile === 'declining') {
      rec(day(), SERVICES.rds, -toUnits(0.5 + rand() * 4.5, rand), 'Refund');
    }
  }
  return out;
}

export function simulateSpend(org: SimOrg, options: SpendOptions): SpendRecord[] {
  if (!Number.isInteger(options.days) || options.days < 1) throw new Error(`days must be a positive integer`);
  const days = daysInRange(addDays(options.today, -options.days), options.today);
  const order = new Map<string, number>();
  const records: SpendRecord[] = [];
  org.accounts.forEach((account, i) => {
    order.set(account.id, i);
    if (account.kind === 'management') return;
    if (account.status !== 'ACTIVE' && account.status !== 'SUSPENDED') return;
    records.push(...accountRecords(account, days, options.seed));
  });
  const rank = (r: SpendRecord): number => order.get(r.accountId) ?? 0;
  return records.sort((a, b) => a.date.localeCompare(b.date) || rank(a) - rank(b));
}
