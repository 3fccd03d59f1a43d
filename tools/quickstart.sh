#!/usr/bin/env bash
# The README's first command: install everything, then run Redis, FerretDB, the SMTP sink, the API and the worker
# with demo data (`pnpm dev`). Ctrl-C stops it all.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh
exec pnpm dev
