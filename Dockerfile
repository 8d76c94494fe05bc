# donga-ingest image: one image for every role (worker, schedule, serve, crawl, export …); the command picks it.
#   docker build -t donga-ingest .
#   docker run --rm donga-ingest --version
# Stage 1 compiles better-sqlite3 (a native addon) with the production dependencies only; stage 2 copies the
# result onto a clean Node 24 image, so the running container has no compiler, no dev tools and no root.

FROM node:24-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && node -e "new (require('better-sqlite3'))(':memory:').close()"

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json LICENSE ./
COPY bin ./bin
COPY config ./config
COPY src ./src
COPY cli ./cli
COPY workers ./workers
RUN mkdir -p /data && chown node:node /data
# The `node` user (uid 1000) of the official image: never root at run time.
USER node
VOLUME ["/data"]
ENTRYPOINT ["node", "bin/donga-ingest.js"]
CMD ["worker"]
