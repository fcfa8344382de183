#!/usr/bin/env bash
# The test command: installs what is missing, then typecheck, lint, unit tests, integration tests
# (real embedded broker and PostgreSQL) and Playwright e2e tests (real Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
export NEXT_TELEMETRY_DISABLED=1
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint .
echo "== unit"; npx tsx scripts/run-node-tests.ts unit
echo "== integration"; npx tsx scripts/with-infra.ts -- npx tsx scripts/run-node-tests.ts integration
echo "== e2e"; npx tsx scripts/with-infra.ts --app -- npx playwright test
