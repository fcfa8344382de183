#!/usr/bin/env bash
# Installs everything the project needs on a fresh Debian machine, idempotently:
# Debian packages (Java and Maven for Apache Kafka, PostgreSQL), npm dependencies, the embedded
# Kafka broker (fetched from Maven Central), the Prisma clients, the compiled services and the Next build.
# Usage: scripts/setup.sh [--with-browser]   (the browser is only needed by the e2e tests)
set -euo pipefail
cd "$(dirname "$0")/.."

with_browser=0
[ "${1:-}" = "--with-browser" ] && with_browser=1

need=()
# Apache Kafka 4.x runs on Java 17 or newer.
java_major=$(java -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1 || true)
[ "${java_major:-0}" -ge 17 ] 2>/dev/null || need+=(openjdk-17-jre-headless)
command -v mvn >/dev/null || need+=(maven)
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
command -v kcat >/dev/null || need+=(kcat)
# The secured-broker tests take the client's key out of its PKCS12 store with openssl (keytool cannot).
command -v openssl >/dev/null || need+=(openssl)
if [ "$with_browser" = 1 ]; then
  command -v chromium >/dev/null || need+=(chromium)
  fc-list 2>/dev/null | grep -qi liberation || need+=(fonts-liberation)
fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "[setup] installing Debian packages: ${need[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
# Debian may start a cluster of its own on install (port 5432, /var/run/postgresql). It is left
# alone: the project's own server runs on its own ports, socket folder and data folder.

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  echo "[setup] npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

bash scripts/build-broker.sh
bash scripts/build-java-example.sh
bash scripts/build-registry.sh   # the schema registry of test/integration/schema-registry.test.ts
npx tsx scripts/prisma-generate.ts >/dev/null
npx tsx scripts/build-services.ts >/dev/null

# Rebuild the Next.js app only when a page, a contract or the config changed since the last build.
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app contracts shared next.config.js package-lock.json -newer .next/BUILD_ID -print -quit 2>/dev/null)" ]; then
  echo "[setup] next build"
  NEXT_TELEMETRY_DISABLED=1 npx next build >/tmp/sagascope-next-build.log 2>&1 || { cat /tmp/sagascope-next-build.log; exit 1; }
fi
echo "[setup] ready"
