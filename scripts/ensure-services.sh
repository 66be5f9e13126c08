#!/usr/bin/env bash
# Starts PostgreSQL, Redis and NATS (with JetStream) on this machine if they are not running.
# Used by CI (.ci/run); `npm start` only checks them and says what to do (see check-services.js).
set -uo pipefail

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { for _ in $(seq 1 50); do tcp_open "$1" && return 0; sleep 0.2; done; echo "port $1 did not open" >&2; return 1; }

if ! tcp_open 5432; then
  echo "starting PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start && wait_port 5432
fi
if ! tcp_open 6379; then
  echo "starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no && wait_port 6379
fi
if ! tcp_open 4222; then
  echo "starting NATS with JetStream"
  mkdir -p /var/lib/nats-server
  start-stop-daemon --start --oknodo --background --exec /usr/sbin/nats-server -- -a 127.0.0.1 -p 4222 -js -sd /var/lib/nats-server && wait_port 4222
fi
for p in 5432 6379 4222; do tcp_open "$p" || { echo "service on port $p is not reachable" >&2; exit 1; }; done
echo "PostgreSQL, Redis and NATS are up"
