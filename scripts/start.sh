#!/usr/bin/env bash
# npm start: install, check services, migrate, load demo data, start the apps (labelled logs in
# this terminal), and print where to look. Configuration: environment variables (README).
#   npm start                       the microservice shape: seven processes over NATS
#   npm start -- --target all       every app in one process (the cheapest on one machine)
#   npm start -- --target <app>     one app (gateway, user-service, ...)
set -euo pipefail
cd "$(dirname "$0")/.."

TARGET="${TARGET:-microservices}"
while [ $# -gt 0 ]; do
  case "$1" in
    --target) TARGET="${2:?--target takes all, microservices or an app}"; shift 2 ;;
    --target=*) TARGET="${1#--target=}"; shift ;;
    *) echo "npm start: unknown option $1 (usage: npm start [-- --target all|microservices|<app>])" >&2; exit 2 ;;
  esac
done

if [ ! -d node_modules ]; then
  echo "installing dependencies (npm ci)..."
  npm ci --no-audit --no-fund
fi

# A development secret, generated once and kept in the git-ignored .env; real deployments
# set JWT_SECRET in the environment (a set variable always wins over .env). Its prefix marks it
# as a development secret, which the gateway refuses in production (gateway.config.ts).
if [ -z "${JWT_SECRET:-}" ] && ! grep -q '^JWT_SECRET=' .env 2>/dev/null; then
  echo "JWT_SECRET=development-only-$(node -e "console.log(require('crypto').randomBytes(32).toString('hex'))")" >> .env
  echo "wrote a random JWT_SECRET to .env (development only)"
fi
set -a; [ -f .env ] && . ./.env; set +a

echo "building (tsc)..."
npm run --silent build

echo "checking PostgreSQL, Redis and NATS..."
if ! node scripts/check-services.js; then
  echo "a required service is not reachable: start it as shown above, then run npm start again" >&2
  exit 1
fi

npm run --silent migrate
node scripts/run-dist.js dist/tools/demo/load-demo.js

PORT="${PORT:-8000}"
# Every app runs with the project's Node options (a 64 MB young generation; see ARCHITECTURE.md).
export NODE_OPTIONS="$(tr '\n' ' ' < scripts/node-options)${NODE_OPTIONS:-}"
if [ "$TARGET" = microservices ]; then
  TARGETS=(gateway user-service interaction-service feature-service candidate-service ranking-service trainer)
else
  TARGETS=("$TARGET")
fi
CMDS=()
for target in "${TARGETS[@]}"; do CMDS+=("node scripts/run-dist.js dist/apps/launcher/src/main.js --target $target"); done
CMDS+=("node scripts/announce-ready.js")
exec npx concurrently --names "$(IFS=,; echo "${TARGETS[*]},ready")" --prefix "[{name}]" --prefix-colors auto --kill-others-on-fail "${CMDS[@]}"
