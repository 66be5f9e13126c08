#!/usr/bin/env bash
# npm test: unit, integration (real PostgreSQL/Redis/NATS) and end-to-end tests (every app
# started, driven over HTTP). Extra arguments go to jest, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
echo "building (tsc)..."
npm run --silent build
exec npx jest --ci "$@"
