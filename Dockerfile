# syntax=docker/dockerfile:1

# The lightsail-flows worker image. A build stage compiles the TypeScript and bundles the workflow
# code once (`npm run build` into dist/); the final image holds only the build output, bin/ and
# the production dependencies, and starts a worker without compiling or bundling anything.
#
# Debian bookworm, not Alpine: @temporalio/worker loads its Rust core as a prebuilt native module
# linked against glibc, which musl-based images (alpine) do not provide.
ARG NODE_IMAGE=node:24-bookworm-slim

# Every dependency, for the build (tsc, tsx, the bundler).
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.ts ./scripts/
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities
RUN npm run build

# Production dependencies only: no TypeScript, tsx, test or lint tools; and of the Temporal core
# bridge's native modules, only this platform's (see the script).
FROM ${NODE_IMAGE} AS production-dependencies
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prune-production-dependencies.cjs ./scripts/
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
  && node scripts/prune-production-dependencies.cjs node_modules

FROM ${NODE_IMAGE}
# Two malloc arenas instead of eight a core: the worker's threads (the Temporal core's, V8's, the
# workflow thread) otherwise each keep memory of their own that they rarely give back. Measured
# with 2,000 runs waiting: 339 MiB against 387 (docs/performance.md).
ENV NODE_ENV=production MALLOC_ARENA_MAX=2
WORKDIR /app
COPY package.json ./
COPY --from=production-dependencies /app/node_modules ./node_modules
COPY bin ./bin
COPY --from=build /app/dist ./dist

# The files stay owned by root (read-only for the process); the worker runs as the image's
# unprivileged `node` user. With no sources in the image, bin/ runs dist/ (see bin/entry.cjs).
USER node

ENTRYPOINT ["node", "bin/lightsail-flows.cjs"]
CMD ["worker"]
