#!/usr/bin/env bash
# npm test: the layer rules (dependency-cruiser), ESLint and Prettier, then unit, integration (real PostgreSQL/Redis/NATS) and end-to-end tests (every app
# started, driven over HTTP). Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
echo "checking the layer rules and import cycles (dependency-cruiser), lint (ESLint) and format (Prettier)..."
npm run --silent lint:deps
npm run --silent lint
npm run --silent format:check
echo "building (tsc)..."
npm run --silent build
exec npx jest --ci "$@"
