# One image for every app process (api, order worker, outbox relay, projector, payment gateway mock).
# docker-compose.yml picks the process with `command`; the default runs the API.

# Node 24 LTS, pinned by digest so that a build uses the image reviewed here, not whatever the tag names
# today (the multi-arch index of node:24-bookworm-slim for 24.18.0). Renew both lines together.
ARG NODE_IMAGE=node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d

# The web dashboard, built with Vite (a dev dependency) in a stage of its own; only its files ship.
FROM ${NODE_IMAGE} AS web
WORKDIR /build
COPY package.json package-lock.json ./
COPY patches patches
RUN npm ci --no-audit --no-fund
COPY web web
RUN node_modules/.bin/vite build --config web/vite.config.mts --outDir /build/web-dist --logLevel warn

FROM ${NODE_IMAGE}

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so a source change does not reinstall them.
COPY package.json package-lock.json ./
# npm ci applies patches/ to node_modules (patch-package, a runtime dependency for that reason).
COPY patches patches
# tsx (a runtime dependency) runs the TypeScript sources directly, so no build step and no dev deps: no
# MailDev, no embedded PostgreSQL, no test or build tool. npm itself goes too: nothing runs it here.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
  && rm -rf /usr/local/lib/node_modules/npm /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
     /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg

# The sources the processes run, and nothing else: the local stack's scripts, the benchmark, the
# chaos suite, the tests and the docs stay out.
COPY tsconfig.json ./
COPY api api
COPY activities activities
COPY contracts contracts
COPY migrations migrations
COPY notifications notifications
COPY outbox outbox
COPY payment-gateway payment-gateway
COPY platform platform
COPY projections projections
COPY workers workers
COPY workflows workflows
COPY scripts/cli.ts scripts/prepare-services.ts scripts/seed.ts scripts/workflow-bundle.ts scripts/
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
