#!/usr/bin/env bash
# Optional: builds the FAISS backend of the ANN index (libs/ml/src/ann/faiss-index.ts).
#
# faiss-node 0.5.1 does not install as published on these machines: its install script
# downloads a prebuilt binary, then falls back to a git clone of FAISS; both need the internet.
# So it is installed without scripts and built against Debian's FAISS 1.7.3, with the patch in
# patches/faiss-node+0.5.1.patch (a git-style diff as patch-package writes them, applied here
# with patch(1) because the package lives in a private prefix). See DEPENDENCIES.md.
#
# It goes into node_modules/.faiss, a private npm prefix that libs/ml/src/ann/faiss-loader.ts
# looks for: npm deletes unrecorded packages from node_modules on the next `npm install <x>`,
# but leaves dot-directories alone (`npm ci` still wipes everything: rerun this afterwards).
#
# Idempotent: does nothing when faiss-node already loads (pass --force to rebuild). Never fails
# the caller: if the backend cannot be built it says why and exits 0; the ANN code then runs
# without FAISS (isFaissAvailable() is false).
set -u

FAISS_NODE_VERSION=0.5.1
CMAKE_JS_VERSION=7.4.0
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PATCH="$ROOT/patches/faiss-node+${FAISS_NODE_VERSION}.patch"
PREFIX="$ROOT/node_modules/.faiss"
PKG="$PREFIX/node_modules/faiss-node"

say() { echo "[install-faiss] $*"; }
give_up() {
  say "FAISS backend NOT installed: $*"
  say "This is optional; the ANN index keeps working with the hnsw and exact backends."
  exit 0
}
faiss_loads() {
  node -e "const f = require('$PKG'); new f.IndexFlatIP(4).ntotal();" >/dev/null 2>&1
}

if [ "${1:-}" != "--force" ] && faiss_loads; then
  say "faiss-node already loads; nothing to do (use --force to rebuild)."
  exit 0
fi

# 1. System libraries: FAISS headers, its static library and CMake package, and a BLAS.
have_system_faiss() {
  [ -f /usr/include/faiss/Index.h ] && compgen -G "/usr/lib/*/cmake/faiss/faiss-config.cmake" >/dev/null
}
if ! have_system_faiss; then
  command -v apt-get >/dev/null 2>&1 || give_up "libfaiss-dev is missing and apt-get is not available."
  SUDO=""
  if [ "$(id -u)" != "0" ]; then
    command -v sudo >/dev/null 2>&1 || give_up "libfaiss-dev is missing and we are not root (no sudo)."
    SUDO="sudo -n"
  fi
  say "installing libfaiss-dev and libopenblas-dev with apt-get"
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y libfaiss-dev libopenblas-dev; then
    # A stale package list is the usual cause; refresh it once and retry.
    $SUDO apt-get update >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y libfaiss-dev libopenblas-dev \
      || give_up "apt-get install libfaiss-dev libopenblas-dev failed."
  fi
fi
command -v cmake >/dev/null 2>&1 || give_up "cmake is not installed (apt-get install -y cmake)."

# 2. The package itself, without its install script (which would try the network). The private
# prefix gets a manifest of its own so that npm never walks up to the project's package.json.
installed="$(node -p "try { require('$PKG/package.json').version } catch { '' }" 2>/dev/null)"
if [ "$installed" != "$FAISS_NODE_VERSION" ]; then
  mkdir -p "$PREFIX" || give_up "cannot create $PREFIX."
  [ -f "$PREFIX/package.json" ] || echo '{ "name": "faiss-private", "private": true }' >"$PREFIX/package.json"
  say "npm install --no-save --ignore-scripts faiss-node@$FAISS_NODE_VERSION (into node_modules/.faiss)"
  npm install --prefix "$PREFIX" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund \
    "faiss-node@$FAISS_NODE_VERSION" || give_up "npm could not install faiss-node@$FAISS_NODE_VERSION."
fi

# 3. The patch: skip it when it is already applied (it reverses cleanly), so reruns are safe.
# The patch names node_modules/faiss-node/..., which is relative to the prefix.
if (cd "$PREFIX" && patch -p1 -R --dry-run --silent <"$PATCH" >/dev/null 2>&1); then
  say "patch already applied"
else
  (cd "$PREFIX" && patch -p1 --forward --silent <"$PATCH") || give_up "could not apply $PATCH."
fi

# 4. Build the addon. faiss-node declares N-API versions, so cmake-js uses its bundled Node-API
# headers and downloads nothing; npx keeps cmake-js in its cache, out of node_modules.
say "building faiss-node with cmake-js $CMAKE_JS_VERSION"
(cd "$PKG" && npx --yes "cmake-js@$CMAKE_JS_VERSION" compile --log-level warn) \
  || give_up "the cmake-js build failed (see the output above)."

if faiss_loads; then
  say "done: faiss-node $FAISS_NODE_VERSION loads."
else
  give_up "faiss-node was built but does not load: $(node -e "require('$PKG')" 2>&1 | grep -m1 Error)"
fi
