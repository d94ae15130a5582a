import { z } from 'zod';

/** Placeholder: the idle issue defines this section (idle.checks, ownerTagKeys, fallbackOwner, snoozeDays, remindEveryDays). */
export const idleSection = z.strictObject({});
