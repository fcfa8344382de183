#!/usr/bin/env bash
# The run command: installs what is missing, then starts the embedded broker, PostgreSQL, the
# four services and the web server on http://127.0.0.1:3000 (Ctrl-C stops everything).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export NEXT_TELEMETRY_DISABLED=1
exec node --import tsx server/embedded/up.ts "$@"
