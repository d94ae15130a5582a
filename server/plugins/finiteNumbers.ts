import type { FastifyInstance } from 'fastify';
import { InputError } from '../../core/errors.ts';

/**
 * Ajv coerces 'Infinity', '-Infinity' and '1e309' to ±Infinity and then lets them past minimum/maximum, so a numeric
 * query parameter could reach the handlers as Infinity. Any query value that would coerce to a non-finite number is a
 * 400 naming the parameter, before validation runs.
 */
export function rejectNonFiniteQuery(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const query = req.query as Record<string, unknown> | undefined;
    for (const [key, value] of Object.entries(query ?? {})) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (typeof v === 'string' && /^\s*[+-]?(infinity|[\d.]+e\+?\d+)\s*$/i.test(v) && !Number.isFinite(Number(v))) {
          throw new InputError(`querystring/${key} must be a finite number`, key);
        }
      }
    }
  });
}
