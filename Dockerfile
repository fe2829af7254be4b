# Review Invitations: one image for the web instances (`npm start`, the default command) and
# the dispatch worker (`npm run worker`). docs/operations.md shows a PostgreSQL deployment.
#   docker build -t review-invitations .
#   docker run --env-file .env -p 3000:3000 review-invitations
# test/dockerfile.test.ts checks this file's stages, user and health check.

ARG NODE_IMAGE=node:22-bookworm-slim

# 1. Everything needed to build: all dependencies, then the admin page (dist/web) and the
#    server as JavaScript (dist/server).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

# 2. Production dependencies only: no tsx, no compilers, no test tools. Install scripts are
#    skipped (the one left, Prisma's, generates a client the server does not load).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force

# 3. What runs: Node, the production dependencies, the build, and the migrations that every
#    start applies (Prisma's CLI reads prisma.config.ts and prisma/).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATABASE_URL=file:/app/var/app.db \
    OUTBOX_DIR=/app/var/outbox
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json prisma.config.ts ./
COPY prisma ./prisma
# The SQLite file and the outbox (single-instance use); mount a volume here to keep them.
RUN mkdir -p /app/var && chown node:node /app/var
VOLUME ["/app/var"]
# The image's unprivileged user (uid 1000); nothing under /app but var/ is writable.
USER node
EXPOSE 3000
# Liveness: the process answers. A worker answers on WORKER_PORT (set it for `npm run worker`).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WORKER_PORT || process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# `npm start`'s command, without npm in between: SIGTERM reaches the server, which finishes
# the dispatch batch in flight before it exits.
CMD ["node", "--enable-source-maps", "dist/server/main.js"]
