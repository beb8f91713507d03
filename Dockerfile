# syntax=docker/dockerfile:1
# Pulse: one node per container. See docs/deployment.md; docker-compose.yml runs Redis, two nodes and nginx.

# --- build: every workspace with its dev dependencies, then `npm run build` (turbo) ---
FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV TURBO_TELEMETRY_DISABLED=1
# Manifests first, so the install layer stays cached until a dependency changes. npm ci needs every
# workspace's manifest to match the lockfile.
COPY package.json package-lock.json .npmrc ./
COPY packages/shared/package.json packages/shared/
COPY packages/simulator/package.json packages/simulator/
COPY packages/testkit/package.json packages/testkit/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY apps/e2e/package.json apps/e2e/
# No install scripts, as in the repo (package.json `allowScripts`): the native add-ons ship prebuilt binaries.
# The one script the repo does run is its own postinstall, patch-package (patches/: see docs/performance.md).
COPY patches patches
RUN npm ci --ignore-scripts && npx patch-package
COPY . .
RUN npm run build

# --- runtime: production dependencies of the server and its workspace packages, and their dist folders ---
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
COPY packages/shared/package.json packages/shared/
COPY packages/simulator/package.json packages/simulator/
COPY packages/testkit/package.json packages/testkit/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY apps/e2e/package.json apps/e2e/
COPY patches patches
RUN npm ci --omit=dev --ignore-scripts --workspace @pulse/server --workspace @pulse/shared --workspace @pulse/simulator \
    && npx patch-package && npm cache clean --force
COPY --from=build /app/packages/shared/dist packages/shared/dist
COPY --from=build /app/packages/simulator/dist packages/simulator/dist
COPY --from=build /app/apps/server/dist apps/server/dist
# The server finds the web app at apps/web/dist next to its own dist (WEB_DIST overrides).
COPY --from=build /app/apps/web/dist apps/web/dist
# The embedded store (no REDIS_URL) keeps its state file under ./data; the node user must be able to write it.
RUN mkdir -p data && chown node:node data

USER node
EXPOSE 3000
# slim has no curl: node's fetch asks /healthz, which answers 200 while the process serves ("degraded" included).
# It asks 127.0.0.1, so a HOST set to one other address needs its own check.
HEALTHCHECK --interval=10s --timeout=3s --start-period=15s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (graceful shutdown within 10 s).
CMD ["node", "apps/server/dist/index.js"]
