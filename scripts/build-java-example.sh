#!/usr/bin/env bash
# Builds the Java example of examples/kafka-streams-saga/ (a Kafka Streams saga, not ours) with
# Maven into build/kafka-streams-saga/: kafka-streams-saga.jar, runnable with `java -jar` (its
# manifest lists the jars of lib/ beside it), and lib/, its dependencies from Maven Central.
# A checksum of pom.xml and the sources is kept in build/kafka-streams-saga/sources.sha1: when it
# is unchanged, nothing is done.
set -euo pipefail
cd "$(dirname "$0")/.."
src=examples/kafka-streams-saga
out=build/kafka-streams-saga
stamp="$out/sources.sha1"
sum=$(cd "$src" && find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha1sum | sha1sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$out/kafka-streams-saga.jar" ]; then exit 0; fi
rm -rf "$out" && mkdir -p "$out"
echo "[setup] building the Kafka Streams example with Maven"
log=build/kafka-streams-saga-maven.log
mvn -q -B -Dstyle.color=never -f "$src/pom.xml" package >"$log" 2>&1 || { cat "$log"; exit 1; }
echo "$sum" > "$stamp"
