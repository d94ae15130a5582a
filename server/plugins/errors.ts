import type { FastifyError, FastifyInstance } from 'fastify';
import { AwsCallError, ConflictError, DatabaseError, InputError, NotFoundError, WardenError } from '../../core/errors.ts';

/** The one error handler: named errors map to their status; anything else is a 500 without internals. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | WardenError, req, reply) => {
    const status =
      err instanceof InputError ? 400 :
      err instanceof NotFoundError ? 404 :
      err instanceof ConflictError ? 409 :
      err instanceof DatabaseError ? 503 :
      err instanceof AwsCallError ? 502 :
      'validation' in err && err.validation ? 400 :
      'statusCode' in err && typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
    if (status >= 500) req.log.error({ err }, 'request failed');
    const message = status >= 500 && !(err instanceof DatabaseError || err instanceof AwsCallError) ? 'internal error' : err.message;
    void reply.status(status).send({ error: message, statusCode: status, ...(err instanceof InputError && err.field ? { field: err.field } : {}) });
  });
  app.setNotFoundHandler((req, reply) => void reply.status(404).send({ error: `no route for ${req.method} ${req.url.split('?')[0]}`, statusCode: 404 }));
}
