import { z } from 'zod';
import { monthlyCost } from '../cost.ts';
import { parseExpiry } from '../tags.ts';
import { RESOURCE_TYPES, defineCheck } from '../types.ts';

export const expired = defineCheck({
  id: 'expired',
  description: 'Any resource whose expiry tag (idle.expiryTagKey, a date) is in the past; the cost is what the resource bills.',
  parameters: z.strictObject({}),
  permissions: ['tag:GetResources'],
  appliesTo: RESOURCE_TYPES,
  evaluate({ resource: r, now, find, settings }) {
    const value = r.tags[settings.expiryTagKey];
    if (value === undefined) return null;
    const at = parseExpiry(value);
    if (!at || at.getTime() >= now.getTime()) return null;
    const days = Math.floor((now.getTime() - at.getTime()) / 86_400_000);
    return {
      reason: `tag ${settings.expiryTagKey}=${value} is in the past (${days} days ago)`,
      cost: monthlyCost(r, (id) => find('ec2:volume', id)),
      evidence: { tag: settings.expiryTagKey, expires: value, daysPast: days },
    };
  },
});
