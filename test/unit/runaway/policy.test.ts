import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../config/load.ts';
import { ConfigError } from '../../../core/errors.ts';
import { loopSuspicions, namesOf } from '../../../jobs/runaway/detectors/topology.ts';
import { sanitize, metricWindow } from '../../../jobs/runaway/metrics.ts';
import { arnMatches, parseExemptTag, policyFor } from '../../../jobs/runaway/policy.ts';
import { parseFunctionArn, previousFromTags, throttleTags } from '../../../jobs/runaway/tags.ts';
import { fn } from './helpers.ts';

const base = { organization: { sandboxOus: ['r-abcd'] } };
const cfg = (runaway: object) => parseConfig({ ...base, runaway }, {}).runaway;
const now = new Date('2026-03-15T10:00:00Z');
const account = { id: '111122223333', ouId: 'ou-abcd-11111111', ouPath: 'Root/Sandboxes/Data' };

describe('runaway config', () => {
  it.each([
    [{ detectors: { rate: { invocationsPerMinute: 0 } } }, 'runaway.detectors.rate.invocationsPerMinute'],
    [{ detectors: { burn: { usdPerHour: -1 } } }, 'runaway.detectors.burn.usdPerHour'],
    [{ overrides: { accounts: { '111122223333': { detectors: { growth: { floorPerMinute: 0 } } } } } }, 'growth.floorPerMinute'],
    [{ maxKillsPerSweep: 0 }, 'runaway.maxKillsPerSweep'],
    [{ detectors: { rat: {} } }, 'did you mean "rate"'],
    [{ mode: 'off' }, 'runaway.mode'],
  ])('rejects %j at start', (bad, where) => {
    expect(() => cfg(bad)).toThrow(ConfigError);
    expect(() => cfg(bad)).toThrow(where);
  });
});

describe('policy', () => {
  it('layers limits: defaults < global < OU path < account < function tag', () => {
    const c = cfg({
      detectors: { rate: { invocationsPerMinute: 1000 } },
      overrides: {
        ous: { 'Root/Sandboxes': { detectors: { rate: { invocationsPerMinute: 800 } }, mode: 'dry-run' } },
        accounts: { '111122223333': { detectors: { burn: { usdPerHour: 9 } } } },
        tags: [{ key: 'profile', value: 'batch', detectors: { rate: { invocationsPerMinute: 20000 } } }],
      },
    });
    const p = policyFor(c, account, fn(), now, null);
    expect(p.params.rate!.invocationsPerMinute).toBe(800);
    expect(p.params.burn!.usdPerHour).toBe(9);
    expect(p.mode).toBe('dry-run');
    expect(policyFor(c, account, fn({ tags: { profile: 'batch' } }), now, null).params.rate!.invocationsPerMinute).toBe(20000);
    expect(policyFor(c, { ...account, ouPath: 'Root/Other' }, fn(), now, null).params.rate!.invocationsPerMinute).toBe(1000);
  });
  it('lowers the limits of a loop suspect and raises them during cool-down', () => {
    const c = cfg({ detectors: { rate: { invocationsPerMinute: 1000 }, topology: { thresholdFactor: 0.2 } }, cooldownMargin: 3 });
    const suspect = fn({ sources: [{ arn: 'arn:aws:sqs:us-east-1:111122223333:jobs', via: 'event-source-mapping' }], refs: [{ where: 'environment variable OUT', value: 'https://sqs.us-east-1.amazonaws.com/111122223333/jobs' }] });
    const p = policyFor(c, account, suspect, now, null);
    expect(p.suspect).toHaveLength(1);
    expect(p.params.rate!.invocationsPerMinute).toBeCloseTo(200);
    expect(policyFor(c, account, fn(), now, '2026-03-15T11:00:00Z').params.rate!.invocationsPerMinute).toBe(3000);
    expect(policyFor(c, account, fn(), now, '2026-03-15T09:00:00Z').inCooldown).toBe(false);
  });
  it('reads the exempt tag, treating a malformed value as exempt and saying so', () => {
    expect(parseExemptTag('warden:exempt', 'true', now).exempt).toBe(true);
    expect(parseExemptTag('warden:exempt', 'false', now).exempt).toBe(false);
    expect(parseExemptTag('warden:exempt', '2026-04-01', now).exempt).toBe(true);
    expect(parseExemptTag('warden:exempt', '2026-03-01', now).exempt).toBe(false);
    const bad = parseExemptTag('warden:exempt', 'please!!', now);
    expect(bad.exempt).toBe(true);
    expect(bad.why).toContain('malformed');
    expect(parseExemptTag('warden:exempt', undefined, now).exempt).toBe(false);
  });
  it('matches allowFunctions ARN patterns', () => {
    expect(arnMatches('arn:aws:lambda:*:111122223333:function:etl-*', 'arn:aws:lambda:eu-west-1:111122223333:function:etl-nightly')).toBe(true);
    expect(arnMatches('arn:aws:lambda:*:111122223333:function:etl-*', 'arn:aws:lambda:eu-west-1:111122223333:function:api')).toBe(false);
    const c = cfg({ allowFunctions: ['arn:aws:lambda:*:*:function:orders'] });
    expect(policyFor(c, account, fn(), now, null).exemption).toMatchObject({ exempt: true });
  });
});

describe('topology', () => {
  it('finds the source named in the configuration, by ARN or name token, and self-invocation', () => {
    expect(namesOf('arn:aws:dynamodb:us-east-1:111122223333:table/orders/stream/2026-01-01T00:00:00.000')).toContain('orders');
    expect(namesOf('arn:aws:s3:::uploads-bucket')).toContain('uploads-bucket');
    const f = fn({
      sources: [{ arn: 'arn:aws:s3:::uploads-bucket', via: 'permission' }],
      refs: [{ where: 'environment variable TARGET', value: 'uploads-bucket' }, { where: 'environment variable SELF', value: 'orders' }, { where: 'environment variable OTHER', value: 'uploads-bucket-archive' }],
    });
    expect(loopSuspicions(f)).toEqual([
      'environment variable TARGET names its event source arn:aws:s3:::uploads-bucket (permission) ("uploads-bucket")',
      'environment variable SELF names the function itself ("orders")',
    ]);
    expect(loopSuspicions(fn({ refs: [{ where: 'environment variable X', value: 'orders-archive' }] }))).toEqual([]);
  });
});

describe('metrics input', () => {
  it('aligns the window to whole minutes and rejects NaN, negative and absurd values', () => {
    const w = metricWindow(new Date('2026-03-15T10:07:42.123Z'), 30);
    expect(new Date(w.end).toISOString()).toBe('2026-03-15T10:07:00.000Z');
    expect(new Date(w.start).toISOString()).toBe('2026-03-15T09:37:00.000Z');
    expect([sanitize(NaN), sanitize(-1), sanitize(1e12), sanitize(Infinity), sanitize('5'), sanitize(5)]).toEqual([null, null, null, null, null, 5]);
  });
  it('round-trips the previous concurrency through tags and parses ARNs', () => {
    expect(previousFromTags(throttleTags(null, 'x', 'rate'))).toBeNull();
    expect(previousFromTags(throttleTags(5, 'x', 'rate'))).toBe(5);
    expect(previousFromTags({ 'warden:previous-concurrency': 'five' })).toBeUndefined();
    expect(parseFunctionArn('arn:aws:lambda:us-east-1:111122223333:function:orders:prod')).toMatchObject({ arn: 'arn:aws:lambda:us-east-1:111122223333:function:orders', name: 'orders' });
    expect(parseFunctionArn('orders')).toBeNull();
  });
});
