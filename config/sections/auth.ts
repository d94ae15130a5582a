import { z } from 'zod';

/** Placeholder: the dashboard issue defines this section (auth.users, sessions, API tokens). */
export const authSection = z.strictObject({});
