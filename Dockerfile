# cpan-bridge daemon. The socket lives in a volume shared with the Perl hosts'
# containers (sidecar pattern); nothing listens on the network by default.
# NODE_VERSION defaults to the current LTS line; better-sqlite3 and oracledb
# are built from source in the build stage.
ARG NODE_VERSION=26
FROM node:${NODE_VERSION}-slim AS build
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json openapi.yaml ./
COPY src ./src
COPY routes ./routes
COPY plugins ./plugins
COPY helpers ./helpers
RUN npm run build && npm prune --omit=dev

FROM node:${NODE_VERSION}-slim
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=2 \
    CPAN_BRIDGE_SOCKET=/run/cpan-bridge/cpan_bridge.sock \
    CPAN_BRIDGE_LOG_FILE=/run/cpan-bridge/cpan_daemon.log \
    CPAN_BRIDGE_SECURITY_LOG=/run/cpan-bridge/cpan_security.log
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json openapi.yaml ./
COPY perl ./perl
RUN mkdir -p /run/cpan-bridge && chown node:node /run/cpan-bridge
USER node
VOLUME ["/run/cpan-bridge"]
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "dist/src/main.js", "health"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js", "serve"]
