# syntax=docker/dockerfile:1
# Sandbox Warden container image. Warden runs its TypeScript sources through tsx (no compile step), so the
# runtime needs: the product sources, the SQL migrations, the built dashboard (web/dist, bundled with esbuild,
# a dev dependency), and the production node_modules, including tsx with its esbuild binary and better-sqlite3
# compiled for this libc. Both stages use the same Debian base so that native code matches.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: every dependency (native modules compile here, hence the toolchain) and the dashboard bundle.
FROM ${NODE_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web --if-present

# --- demo: the whole repository with dev dependencies (the simulator lives in test/support), for
#     `docker compose --profile demo up` (see docker-compose.yml and deploy/README.md).
FROM build AS demo
RUN chown -R node:node /app
USER node
EXPOSE 8080
CMD ["npm", "run", "demo"]

# --- prune: production dependencies only (tsx, its esbuild binary and better-sqlite3 are among them).
FROM build AS prune
RUN npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies and product code only, as a non-root user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    WARDEN_CONFIG=/etc/warden/warden.config.yaml
RUN groupadd --system --gid 10001 warden \
 && useradd --system --uid 10001 --gid warden --home-dir /var/lib/warden --shell /usr/sbin/nologin warden \
 && mkdir -p /var/lib/warden /etc/warden \
 && chown warden:warden /var/lib/warden
WORKDIR /app
COPY --from=prune /app/package.json /app/package-lock.json /app/tsconfig.json ./
COPY --from=prune /app/node_modules ./node_modules
COPY --from=prune /app/bin ./bin
COPY --from=prune /app/aws ./aws
COPY --from=prune /app/cli ./cli
COPY --from=prune /app/config ./config
COPY --from=prune /app/core ./core
COPY --from=prune /app/db ./db
COPY --from=prune /app/jobs ./jobs
COPY --from=prune /app/notify ./notify
COPY --from=prune /app/server ./server
COPY --from=prune /app/web ./web
USER warden
# The database (SQLite with WAL) lives on this volume: database.path /var/lib/warden/warden.db in the config.
VOLUME ["/var/lib/warden"]
EXPOSE 8080
# server.host 0.0.0.0 and server.port 8080 in the config; no curl in the slim image, so Node's fetch.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "bin/warden.js"]
CMD ["serve"]
