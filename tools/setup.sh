#!/usr/bin/env bash
# Installs what fixstream needs on a fresh Debian/Ubuntu machine with Node 20+: redis-server, chromium, pnpm, the
# workspace's packages and (unless a MongoDB is configured or on PATH) a FerretDB 1.24 binary.
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2

if ! command -v node >/dev/null 2>&1; then
  echo "setup: Node.js 20.19+ is required (https://nodejs.org)" >&2
  exit 1
fi

if ! command -v redis-server >/dev/null 2>&1; then
  echo "setup: installing redis-server"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq redis-server >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq redis-server >/dev/null
  fi
fi

# The browser tests (tests/browser) drive Debian's Chromium through playwright-core, which downloads no browser.
# Without recommends: they would pull systemd, udev and a desktop in, which a container does not want.
if ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing chromium (for the browser tests)"
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
  fi
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi

pnpm install --frozen-lockfile

if [ -z "${MONGODB_URI:-}" ] && ! command -v mongod >/dev/null 2>&1; then
  pnpm exec tsx packages/dev-services/src/ensure-ferretdb.cli.ts >/dev/null
fi
