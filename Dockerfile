# One image for every target: TARGET=all runs every app in one process, TARGET=<app> one app
# (docker-compose.yml, k8s/).
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/data ./data
COPY package.json tsconfig.runtime.json ./
COPY scripts ./scripts
USER node
# TARGET is all, or one of: gateway user-service interaction-service feature-service candidate-service ranking-service trainer
# With the project's Node options (scripts/node-options: a 64 MB young generation, see ARCHITECTURE.md).
CMD ["sh", "-c", "NODE_OPTIONS=\"$(tr '\\n' ' ' < scripts/node-options)${NODE_OPTIONS:-}\" exec node scripts/run-dist.js dist/apps/launcher/src/main.js"]
