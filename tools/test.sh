#!/usr/bin/env bash
# `pnpm test`: lint, typecheck and every test. Soak tests (`*.soak.test.ts`) take many minutes of wall time by
# nature and are mostly idle, so they run in a vitest process of their own, started first and alongside lint,
# typecheck and the main vitest run: the whole takes about as long as the longest soak test, not the sum. Both runs
# must pass. Each vitest process starts its own services (vitest.global-setup.ts).
set -euo pipefail
cd "$(dirname "$0")/.."

soak_log=$(mktemp)
# A process group of its own, so that stopping it early also stops the services and apps it started.
setsid pnpm exec vitest run .soak.test.ts >"$soak_log" 2>&1 &
soak_pid=$!
soak_done=
stop_soak() {
  if [ -z "$soak_done" ]; then
    kill -TERM -- "-$soak_pid" 2>/dev/null || true
    echo "test: soak tests stopped; their output so far:" >&2
    cat "$soak_log" >&2
  fi
  rm -f "$soak_log"
}
trap stop_soak EXIT
echo "test: soak tests (*.soak.test.ts) running in the background; their output follows the main run"

pnpm exec biome ci .
pnpm exec turbo run typecheck
pnpm exec tsc -p tsconfig.json
pnpm exec vitest run --exclude '**/*.soak.test.ts'

echo "test: main run passed; waiting for the soak tests"
soak_status=0
wait "$soak_pid" || soak_status=$?
soak_done=1
echo "----- soak tests: vitest run .soak.test.ts -----"
cat "$soak_log"
exit "$soak_status"
