import { z } from 'zod';

/** Placeholder: the runaway issue defines this section (runaway.mode, exemptTagKey, allowFunctions, maxKillsPerSweep, ...). */
export const runawaySection = z.strictObject({});
