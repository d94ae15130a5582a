import { z } from 'zod';

/** A secret is never written in the file: the file names the environment variable that holds it. */
export const envRef = z
  .strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name') })
  .describe('names the environment variable holding a secret');

export type EnvRef = z.infer<typeof envRef>;
