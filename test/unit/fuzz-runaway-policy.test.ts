// Property: over random runaway configurations, accounts and tag sets, a function that is exempt (tag), allow-listed
// (runaway.allowFunctions), in an excluded account, in the management account, in a suspended account or in dry-run
// mode is never throttled, and the others are, up to maxKillsPerSweep. The real pipeline decides: sandboxTargets →
// policyFor → actOnFindings → throttleFunction, over an in-memory database and a fake Lambda that records the kills.
// The oracle below restates the documented rules independently. WARDEN_FUZZ_LONG=1 runs many more cases
// (WARDEN_FUZZ_SEED=n for another seed).
import { PutFunctionConcurrencyCommand } from '@aws-sdk/client-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig, type Config } from '../../config/load.ts';
import { ManualClock } from '../../core/clock.ts';
import { silentLogger } from '../../core/logger.ts';
import { openDatabase } from '../../db/index.ts';
import { createRepos } from '../../db/repos/index.ts';
import { MANAGEMENT_ACCOUNT_KEY, sandboxTargets } from '../../jobs/discover.ts';
import { actOnFindings } from '../../jobs/runaway/act.ts';
import type { Finding } from '../../jobs/runaway/detectors/types.ts';
import { policyFor } from '../../jobs/runaway/policy.ts';
import type { Evaluated } from '../../jobs/runaway/sweep.ts';
import { noProgress, type JobContext } from '../../jobs/types.ts';
import type { FunctionRow } from '../../db/repos/runawayInventory.ts';

const NOW = new Date('2026-03-15T10:00:00Z');
const RUNS = process.env.WARDEN_FUZZ_LONG === '1' ? 3000 : 60;
const TAG_VALUES = ['true', 'TRUE', ' yes ', '1', '', 'on', 'false', 'No', '0', ' off ', '2099-01-01', '2000-01-01', '2026-03-15T11:00:00Z', '2026-03-15T09:00:00Z', 'soon', '✓', '🔥', 'false\u200b'];
const KEYS = ['warden:exempt', 'exempt', 'Warden:Exempt', 'owner', 'keep/é'];

interface FnSpec { name: string; tags: Record<string, string> }
interface AccountSpec { id: string; role: 'sandbox' | 'excluded' | 'suspended'; mode?: 'enforce' | 'dry-run'; fns: FnSpec[] }
interface Scenario { accounts: AccountSpec[]; management: number | undefined; allowFunctions: string[]; exemptTagKey: string; mode: 'enforce' | 'dry-run'; maxKillsPerSweep: number }

const fnSpec = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/),
  tags: fc.dictionary(fc.constantFrom(...KEYS), fc.oneof(fc.constantFrom(...TAG_VALUES), fc.string({ maxLength: 6 })), { maxKeys: 3 }),
});
const accountSpec = fc.record({
  id: fc.stringMatching(/^\d{12}$/),
  role: fc.constantFrom('sandbox', 'sandbox', 'sandbox', 'excluded', 'suspended'),
  mode: fc.option(fc.constantFrom('enforce', 'dry-run'), { nil: undefined }),
  fns: fc.uniqueArray(fnSpec, { minLength: 1, maxLength: 4, selector: (f) => f.name }),
}) as fc.Arbitrary<AccountSpec>;

const arn = (accountId: string, name: string) => `arn:aws:lambda:us-east-1:${accountId}:function:${name}`;

/** Allow-list patterns: exact ARNs, name prefixes with '*', any-region forms, and (rarely) everything. */
const patternsFor = (accounts: AccountSpec[]) => {
  const fns = accounts.flatMap((a) => a.fns.map((f) => ({ a, f })));
  return fc.array(fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...fns).map(({ a, f }) => arn(a.id, f.name)) },
    { weight: 3, arbitrary: fc.constantFrom(...fns).map(({ a, f }) => `arn:aws:lambda:*:${a.id}:function:${f.name.slice(0, 2)}*`) },
    { weight: 1, arbitrary: fc.constant('arn:aws:lambda:*:*:function:*') },
  ), { maxLength: 3 });
};

const scenario: fc.Arbitrary<Scenario> = fc.uniqueArray(accountSpec, { minLength: 1, maxLength: 6, selector: (a) => a.id }).chain((accounts) => fc.record({
  accounts: fc.constant(accounts),
  management: fc.option(fc.nat({ max: accounts.length - 1 }), { nil: undefined }),
  allowFunctions: patternsFor(accounts),
  exemptTagKey: fc.constantFrom('warden:exempt', 'exempt', 'keep/é'),
  mode: fc.constantFrom('enforce', 'enforce', 'dry-run'),
  maxKillsPerSweep: fc.integer({ min: 1, max: 12 }),
})) as fc.Arbitrary<Scenario>;

/** '*' matches any run of characters: checked part by part, without a regular expression. */
function globMatch(pattern: string, s: string): boolean {
  const parts = pattern.split('*');
  if (parts.length === 1) return s === pattern;
  if (!s.startsWith(parts[0]!) || !s.endsWith(parts[parts.length - 1]!)) return false;
  let at = parts[0]!.length;
  for (const p of parts.slice(1, -1)) {
    const i = s.indexOf(p, at);
    if (i < 0) return false;
    at = i + p.length;
  }
  return at <= s.length - parts[parts.length - 1]!.length;
}

/** The documented exemption rules: allow-listed, or the exempt tag unless false/no/0/off or an ISO date already past. */
function oracleExempt(allow: string[], key: string, a: string, f: FnSpec): boolean {
  if (allow.some((p) => globMatch(p, arn(a, f.name)))) return true;
  const v = f.tags[key];
  if (v === undefined) return false;
  const t = v.trim().toLowerCase();
  if (['false', 'no', '0', 'off'].includes(t)) return false;
  if (/^\d{4}-\d{2}-\d{2}(t[\d:.]+z?)?$/.test(t)) return Date.parse(v) > NOW.getTime();
  return true;
}

const killFinding: Finding = { detector: 'rate', kill: true, severity: 'critical', summary: '50000 invocations/min', evidence: { metric: 'invocations', threshold: 1000, observed: 50_000, points: [] } };

async function runPipeline(s: Scenario) {
  const management = s.management === undefined ? '000000000000' : s.accounts[s.management]!.id;
  const config: Config = parseConfig({
    organization: { sandboxOus: ['r-abcd'], excludeAccounts: s.accounts.filter((a) => a.role === 'excluded').map((a) => a.id) },
    runaway: {
      mode: s.mode, exemptTagKey: s.exemptTagKey, allowFunctions: s.allowFunctions, maxKillsPerSweep: s.maxKillsPerSweep,
      overrides: { accounts: Object.fromEntries(s.accounts.filter((a) => a.mode).map((a) => [a.id, { mode: a.mode }])) },
    },
  }, {});
  const repos = createRepos(openDatabase(':memory:'));
  const now = NOW.toISOString();
  // Excluded and management accounts are recorded too, as if cached before the configuration changed.
  repos.accounts.recordDiscovery(s.accounts.map((a) => ({ id: a.id, name: a.id, email: `${a.id}@example.com`, status: a.role === 'suspended' ? 'SUSPENDED' : 'ACTIVE', ouId: 'r-abcd', ouPath: 'Root' })), now);
  repos.meta.set(MANAGEMENT_ACCOUNT_KEY, management, now);
  const killed: string[] = [];
  const lambda = { send: async (cmd: unknown) => (cmd instanceof PutFunctionConcurrencyCommand && killed.push(cmd.input.FunctionName!), {}) };
  const ctx = {
    config, repos, clock: new ManualClock(NOW), logger: silentLogger(), log: silentLogger(), job: 'runaway', runId: 1, progress: noProgress,
    notifier: { enqueueEmail: () => true, notifyAlert: () => undefined, flush: async () => ({ sent: 0, retrying: 0, dead: 0 }) },
    session: { member: () => lambda }, recordError: () => undefined,
  } as unknown as JobContext;
  const swept = sandboxTargets(ctx).map((target) => {
    const spec = s.accounts.find((a) => a.id === target.accountId)!;
    const evaluated = spec.fns.map((f): Evaluated => {
      const fn = { arn: arn(spec.id, f.name), accountId: spec.id, region: 'us-east-1', name: f.name, memoryMb: 1024, architecture: 'x86_64', tags: f.tags, sources: [], refs: [], cooldownUntil: null } as unknown as FunctionRow;
      return { fn, policy: policyFor(config.runaway, target.account, fn, NOW, null), evaluation: { findings: [killFinding], burnUsdPerHour: 1 }, series: { start: 0, minutes: 0, values: {} } as unknown as Evaluated['series'] };
    });
    return { target, evaluated };
  });
  await actOnFindings(ctx, swept);
  repos.db.close();
  return { killed, management };
}

describe('runaway kill switch property', () => {
  it('never throttles an exempt, allow-listed, excluded, management, suspended or dry-run function', async () => {
    let throttledSomewhere = 0;
    await fc.assert(fc.asyncProperty(scenario, async (s) => {
      const { killed, management } = await runPipeline(s);
      const eligible = s.accounts
        .filter((a) => a.role === 'sandbox' && a.id !== management && (a.mode ?? s.mode) === 'enforce')
        .flatMap((a) => a.fns.filter((f) => !oracleExempt(s.allowFunctions, s.exemptTagKey, a.id, f)).map((f) => arn(a.id, f.name)));
      for (const k of killed) expect(eligible).toContain(k);
      expect(new Set(killed).size).toBe(killed.length);
      expect(killed.length).toBe(Math.min(eligible.length, s.maxKillsPerSweep));
      throttledSomewhere += killed.length;
    }), { numRuns: RUNS, seed: Number(process.env.WARDEN_FUZZ_SEED ?? 20260315) });
    expect(throttledSomewhere).toBeGreaterThan(0); // the property was not vacuous
  });
});
