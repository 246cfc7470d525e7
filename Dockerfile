# One image for every app process (api, order worker, outbox relay, projector, payment gateway mock).
# docker-compose.yml picks the process with `command`; the default runs the API.

# The web dashboard, built with Vite (a dev dependency) in a stage of its own; only its files ship.
FROM node:20-bookworm-slim AS web
WORKDIR /build
COPY package.json package-lock.json ./
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY web web
RUN node_modules/.bin/vite build --config web/vite.config.mts --outDir /build/web-dist --logLevel warn

FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json ./
# npm ci applies patches/ to node_modules (patch-package, a runtime dependency for that reason).
COPY patches patches
# tsx (a runtime dependency) runs the TypeScript sources directly, so no build step and no dev deps.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The sources (workflows, activities, workers, api, migrations, platform, contracts, scripts,
# payment-gateway, projections, tsconfig.json). .dockerignore keeps out node_modules, .tools,
# .data, .git, coverage and test, so a folder that does not exist yet cannot break the build.
COPY . .
# The workflow code bundled once, at build time (Temporal's advice for production): the worker loads it
# instead of running webpack at every start.
RUN node --import tsx scripts/workflow-bundle.ts dist
ENV WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
COPY --from=web /build/web-dist /app/web/dist
ENV WEB_DIST_DIR=/app/web/dist
# A 32 MB young generation, as `npm start` gives its processes (scripts/app-process.ts).
ENV NODE_OPTIONS=--max-semi-space-size=32

# Files stay root-owned (read-only for the app); tsx writes its cache under /tmp.
USER node

# No HEALTHCHECK here: each compose service declares the check that fits its process.
EXPOSE 3000 4000
CMD ["node", "--import", "tsx", "api/server.ts"]
