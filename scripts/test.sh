#!/usr/bin/env bash
# The test command: installs what is missing, then typecheck, lint, unit tests, integration tests
# (real embedded broker and PostgreSQL) and Playwright e2e tests (real Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
export NEXT_TELEMETRY_DISABLED=1
logs=.data/test-logs
rm -rf "$logs" && mkdir -p "$logs"
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint .
echo "== unit"; npx tsx scripts/run-node-tests.ts unit 2>&1 | tee "$logs/unit.log"
echo "== integration"; npx tsx scripts/with-infra.ts -- npx tsx scripts/run-node-tests.ts integration 2>&1 | tee "$logs/integration.log"
echo "== e2e"; npx tsx scripts/with-infra.ts --app -- npx playwright test 2>&1 | tee "$logs/e2e.log"
npx tsx scripts/summarize-tests.ts "$logs"/*.log
