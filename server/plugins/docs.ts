import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI generated from the route schemas, browsable at /docs (behind login, like every page). */
export async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: { title: 'Sandbox Warden API', version: '1', description: 'Spend, budgets, incidents, kill switch and idle waste of the sandbox accounts. Log in (session cookie + x-csrf-token header on writes) or send Authorization: Bearer <API token>.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'warden_session' }, token: { type: 'http', scheme: 'bearer' } } },
      security: [{ session: [] }, { token: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // Served over plain http on a LAN too: do not ask browsers to upgrade the UI's own assets to https.
    transformStaticCSP: (header: string) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
    uiConfig: { docExpansion: 'list', deepLinking: false },
  });
}
