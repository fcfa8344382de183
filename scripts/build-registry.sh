#!/usr/bin/env bash
# Fetches the schema registry the tests run (Apicurio Registry, server/embedded/registry/pom.xml)
# from Maven Central and unpacks it into build/registry/app; build/registry/runner names its jar.
# Cached: nothing is done while the pom is unchanged (its checksum is kept in build/registry/pom.sha1).
set -euo pipefail
cd "$(dirname "$0")/.."
pom=server/embedded/registry/pom.xml
out=build/registry
stamp="$out/pom.sha1"
sum=$(sha1sum "$pom" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ] && [ -f "$out/runner" ]; then exit 0; fi
rm -rf "$out" && mkdir -p "$out/app"
echo "[setup] fetching Apicurio Registry $(sed -n 's:.*<apicurio.version>\(.*\)</apicurio.version>.*:\1:p' "$pom") with Maven"
log=build/registry-maven.log
mvn -B -Dstyle.color=never -f "$pom" dependency:unpack -Dregistry.out="$PWD/$out" >"$log" 2>&1 || { cat "$log"; exit 1; }
runner=$(cd "$out/app" && ls -1 -- *-runner.jar | head -1)
[ -n "$runner" ] || { echo "no *-runner.jar in $out/app"; exit 1; }
echo "$runner" > "$out/runner"
echo "$sum" > "$stamp"
