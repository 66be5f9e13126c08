#!/usr/bin/env bash
# Installs promtool (Debian's `prometheus` package) for the monitoring tests
# (tools/monitoring/monitoring.spec.ts: `promtool check rules` and `promtool test rules` on
# deploy/prometheus). Idempotent: does nothing when promtool is already on the PATH. Unlike the
# optional FAISS backend this one is needed: without promtool the monitoring tests fail, saying
# to run this script.
set -euo pipefail

if command -v promtool >/dev/null 2>&1; then
  echo "[install-promtool] $(promtool --version 2>&1 | head -1): nothing to do"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "[install-promtool] installing Debian's prometheus package (it ships promtool)"
# --no-install-recommends: the server's web assets are not needed to check rule files.
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends prometheus >/dev/null; then
  $SUDO apt-get update >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends prometheus >/dev/null
fi
# Installed as a service, the package starts a Prometheus server on :9090: it is not ours to run.
$SUDO systemctl disable --now prometheus >/dev/null 2>&1 || $SUDO service prometheus stop >/dev/null 2>&1 || true
echo "[install-promtool] $(promtool --version 2>&1 | head -1)"
