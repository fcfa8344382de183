#!/usr/bin/env bash
# Compiles the embedded Kafka-protocol broker (librdkafka's mock cluster) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
src=server/embedded/mock-kafka.c
out=build/mock-kafka
mkdir -p build
if [ -x "$out" ] && [ "$out" -nt "$src" ]; then exit 0; fi
cc -O2 -Wall -o "$out" "$src" $(pkg-config --cflags --libs rdkafka)
echo "built $out"
