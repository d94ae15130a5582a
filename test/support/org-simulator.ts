// Organization and spend simulator for tests: builds a realistic organization in moto through
// the real SDK, and derives Cost Explorer answers and expected totals from simulated spend.
// The pieces live in ./sim/; this module is the one to import.
export { buildOrganization } from './sim/build-org.ts';
export { DEFAULT_ORG_SPEC } from './sim/default-spec.ts';
export { simulateSpend, SERVICES, type SpendOptions } from './sim/spend.ts';
export {
  costAndUsagePages,
  expectedTotals,
  seedSpendWindow,
  type CePageOptions,
  type CeStream,
  type CeWindow,
  type SpendWindow,
} from './sim/cost-explorer.ts';
export { ORG_ACCESS_ROLE, memberClientConfig, memberCredentials, roleArn } from './sim/credentials.ts';
export { formatDecimal, parseDecimal, sumDecimals, DECIMAL_PLACES } from './sim/decimal.ts';
export { addDays, daysInRange } from './sim/dates.ts';
export type {
  AccountSpec,
  AccountStatus,
  OrgSpec,
  OuSpec,
  SimAccount,
  SimOrg,
  SimOu,
  SpendProfile,
  SpendRecord,
} from './sim/types.ts';
