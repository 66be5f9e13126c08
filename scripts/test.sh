#!/usr/bin/env bash
# npm test: the layer rules (dependency-cruiser), ESLint, Prettier and the type check of everything (specs included: ts-jest
# does not check types), then unit, integration (real PostgreSQL/Redis/NATS) and end-to-end tests (every app
# started, driven over HTTP), then the API's end-to-end specs again against every app in one process
# (E2E_TARGET=all). Extra arguments go to jest instead, e.g. `npm test -- --selectProjects unit`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d node_modules ] || npm ci --no-audit --no-fund
# promtool checks the alert rules (tools/monitoring); Debian's prometheus package ships it.
command -v promtool >/dev/null 2>&1 || bash scripts/install-promtool.sh
echo "checking the layer rules and import cycles (dependency-cruiser), lint (ESLint), format (Prettier) and types (tsc)..."
npm run --silent lint:deps
npm run --silent lint
npm run --silent format:check
npm run --silent typecheck
echo "building (tsc)..."
npm run --silent build
[ $# -eq 0 ] || exec npx jest --ci "$@"
npx jest --ci
# The specs that start, stop or replace processes of their own (a replica, a killed service, a
# gateway with other keys) are about the microservice shape; every other spec runs again here.
echo "the API's end-to-end specs against every app in one process (E2E_TARGET=all)..."
E2E_TARGET=all npx jest --ci --selectProjects e2e \
  --testPathIgnorePatterns 'operations|rate-limits|token-keys|all-in-one'
