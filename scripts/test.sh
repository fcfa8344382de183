#!/usr/bin/env bash
# The test command: installs what is missing, then typecheck, lint, format, unit tests, integration tests
# (real embedded broker and PostgreSQL), the fault suite (service processes killed, broker and
# PostgreSQL disturbed; prints its table) and Playwright e2e tests (real Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --with-browser
export NEXT_TELEMETRY_DISABLED=1
logs=.data/test-logs
rm -rf "$logs" && mkdir -p "$logs"
echo "== typecheck"; npx tsc --noEmit
echo "== lint"; npx eslint .
echo "== format"; npx prettier --check . >/dev/null || { npx prettier --list-different .; echo "not formatted: npm run format"; exit 1; }
echo "== unit"; npx tsx scripts/run-node-tests.ts unit 2>&1 | tee "$logs/unit.log"
echo "== integration"; npx tsx scripts/with-infra.ts -- npx tsx scripts/run-node-tests.ts integration 2>&1 | tee "$logs/integration.log"
echo "== faults"; faults=0
FAULT_REPORT="$logs/faults.jsonl" npx tsx scripts/with-infra.ts -- npx tsx scripts/run-node-tests.ts faults 2>&1 | grep -v '"logger":"kafkajs"' | tee "$logs/faults.log" || faults=$?
npx tsx scripts/fault-report.ts "$logs/faults.jsonl" | tee "$logs/faults-table.txt"
[ "$faults" = 0 ] || exit "$faults"
echo "== e2e"; npx tsx scripts/with-infra.ts --app -- npx playwright test 2>&1 | tee "$logs/e2e.log"
npx tsx scripts/summarize-tests.ts "$logs"/*.log
