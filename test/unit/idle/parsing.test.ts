import { describe, expect, it } from 'vitest';
import { normalizeTags, parseExpiry } from '../../../jobs/idle/tags.ts';
import { resolveOwner, splitAddresses } from '../../../jobs/idle/owner.ts';
import { parseArn } from '../../../jobs/idle/arn.ts';
import { indexTagged } from '../../../jobs/idle/inventory/tagging.ts';
import { mergeInventory } from '../../../jobs/idle/inventory/index.ts';
import { parseTransitionTime } from '../../../jobs/idle/inventory/ec2.ts';

describe('tags', () => {
  it('drops malformed tags and says why', () => {
    const raw = [{ Key: 'owner', Value: 'a@example.com' }, { Key: '', Value: 'x' }, { Value: 'no key' }, { Key: 'n', Value: 42 }, { Key: 'owner', Value: 'b@example.com' }, { Key: 'k' }];
    const n = normalizeTags(raw);
    expect(n.tags).toEqual({ owner: 'a@example.com', k: '' });
    expect(n.malformed).toHaveLength(4);
    expect(normalizeTags('nope').malformed).toEqual(['tag list is not an array']);
  });
  it('parses expiry dates and rejects the rest', () => {
    expect(parseExpiry('2020-01-01')!.toISOString()).toBe('2020-01-01T23:59:59.999Z');
    expect(parseExpiry('2020-02-30')).toBeUndefined();
    expect(parseExpiry('2030-05-01T10:00:00+02:00')!.toISOString()).toBe('2030-05-01T08:00:00.000Z');
    for (const bad of ['soon', '', '01/02/2020', '2020-1-1']) expect(parseExpiry(bad)).toBeUndefined();
  });
});

describe('owner resolution', () => {
  const opts = { tagKeys: ['owner', 'Owner', 'created-by'], accountEmail: 'dev@example.com', fallback: 'ops@example.com' };
  it('splits several addresses on , ; and space, lower-cased, de-duplicated', () => {
    expect(splitAddresses('A@x.com; b@x.com,c@x.com  a@x.com bob')).toEqual({ valid: ['a@x.com', 'b@x.com', 'c@x.com'], invalid: ['bob'] });
    expect(resolveOwner({ Owner: 'A@x.com;b@x.com' }, opts)).toMatchObject({ owners: ['a@x.com', 'b@x.com'], rule: 'tag', explanation: 'from tag Owner' });
  });
  it('an owner tag that is not an email falls through to the next rule and is mentioned', () => {
    const r = resolveOwner({ owner: 'bob', 'created-by': 'ci@x.com' }, opts);
    expect(r).toMatchObject({ owners: ['ci@x.com'], rule: 'tag' });
    expect(r.explanation).toContain('tag owner="bob"');
    const r2 = resolveOwner({ owner: 'bob' }, opts);
    expect(r2).toMatchObject({ owners: ['dev@example.com'], rule: 'account-email' });
    expect(r2.explanation).toContain('not an email (bob)');
  });
  it('account email, then fallback, then nobody', () => {
    expect(resolveOwner({}, { ...opts, accountEmail: 'not-an-email' })).toMatchObject({ owners: ['ops@example.com'], rule: 'fallback' });
    expect(resolveOwner({}, { ...opts, accountEmail: null, fallback: null })).toMatchObject({ owners: [], rule: 'none' });
  });
});

describe('ARNs and the tagging index', () => {
  it('parses the forms the tagging API returns', () => {
    expect(parseArn('arn:aws:ec2:us-east-1:111122223333:volume/vol-1')).toMatchObject({ type: 'ec2:volume', id: 'vol-1' });
    expect(parseArn('arn:aws:ec2:us-east-1::snapshot/snap-1')).toMatchObject({ type: 'ec2:snapshot', id: 'snap-1', accountId: '' });
    expect(parseArn('arn:aws:lambda:us-east-1:111122223333:function:fn:live')).toMatchObject({ type: 'lambda:function', id: 'fn' });
    expect(parseArn('arn:aws:logs:us-east-1:111122223333:log-group:/aws/x:*')).toMatchObject({ type: 'logs:log-group', id: '/aws/x' });
    expect(parseArn('arn:aws:sqs:us-east-1:111122223333:q1')).toMatchObject({ type: 'sqs', id: 'q1' });
    expect(parseArn('not-an-arn')).toBeUndefined();
  });
  it('de-duplicates by ARN, ignores and counts unknown types', () => {
    const m = [
      { ResourceARN: 'arn:aws:ec2:us-east-1:1:volume/vol-1', Tags: [{ Key: 'owner', Value: 'a@x.com' }] },
      { ResourceARN: 'arn:aws:ec2:us-east-1:1:volume/vol-1', Tags: [{ Key: 'owner', Value: 'a@x.com' }] },
      { ResourceARN: 'arn:aws:s3:::bucket-1', Tags: [] },
      { ResourceARN: 'arn:aws:dynamodb:us-east-1:1:table/t', Tags: [] },
      { ResourceARN: 'garbage' },
    ];
    const idx = indexTagged(m);
    expect(idx.tags.size).toBe(1);
    expect(idx.ignored).toEqual({ s3: 1, 'dynamodb:table': 1, 'unparseable-arn': 1 });
  });
  it('a tagged resource the service no longer lists counts as vanished; a failed service sweeps none of its types', () => {
    const idx = indexTagged([{ ResourceARN: 'arn:aws:ec2:us-east-1:1:volume/vol-gone', Tags: [] }, { ResourceARN: 'arn:aws:lambda:us-east-1:1:function:f', Tags: [] }]);
    const inv = mergeInventory(idx, [{ types: ['ec2:volume'], resources: [], vanished: 2, malformedTags: [] }, { error: 'lambda: access denied' }]);
    expect(inv.vanished).toBe(3);
    expect(inv.sweptTypes).toEqual(['ec2:volume']);
    expect(inv.serviceErrors).toEqual(['lambda: access denied']);
  });
  it('reads the stop time from StateTransitionReason', () => {
    expect(parseTransitionTime('User initiated (2024-01-31 12:00:00 GMT)')).toBe('2024-01-31T12:00:00.000Z');
    expect(parseTransitionTime('')).toBeNull();
  });
});
