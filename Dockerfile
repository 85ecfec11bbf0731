# syntax=docker/dockerfile:1

# The lightsail-flows worker image. The project runs its TypeScript sources through tsx (a runtime
# dependency), so there is no build stage: install the production dependencies, copy the sources.
#
# Debian bookworm, not Alpine: @temporalio/worker loads its Rust core as a prebuilt native module
# linked against glibc, which musl-based images (alpine) do not provide.
FROM node:24-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so that a source change does not reinstall them.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

# tsconfig.json is read by tsx when it compiles the sources at start-up.
COPY tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY workflows ./workflows
COPY activities ./activities

# The files stay owned by root (read-only for the process); the worker runs as the image's
# unprivileged `node` user and writes only to /tmp (tsx's compile cache).
USER node

ENTRYPOINT ["node", "bin/lightsail-flows.cjs"]
CMD ["worker"]
