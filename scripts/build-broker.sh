#!/usr/bin/env bash
# Fetches the embedded Apache Kafka broker from Maven Central (server/embedded/kafka/pom.xml) into
# build/kafka/libs, with its jars listed in build/kafka/classpath (sorted: the same classpath every run).
set -euo pipefail
cd "$(dirname "$0")/.."
pom=server/embedded/kafka/pom.xml
out=build/kafka
stamp="$out/pom.sha1"
sum=$(sha1sum "$pom" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$out/classpath" ]; then exit 0; fi
rm -rf "$out" && mkdir -p "$out/libs"
echo "[setup] fetching Apache Kafka $(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$pom") with Maven"
log=build/kafka-maven.log
mvn -B -Dstyle.color=never -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$PWD/$out/libs" >"$log" 2>&1 || { cat "$log"; exit 1; }
(cd "$out/libs" && ls -1 -- *.jar | LC_ALL=C sort) > "$out/classpath"
echo "$sum" > "$stamp"
