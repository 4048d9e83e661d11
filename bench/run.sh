#!/bin/sh
# The benchmark of issue 9 (see bench/README.md): builds Dalil's jar and the load generator, then
# runs it. Extra arguments go to the benchmark, e.g. --db=local --seconds=5 --scale=100000.
set -eu
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BUILD="$(realpath -m "${DALIL_BENCH_BUILD_DIR:-target}")"
if [ "${DALIL_BENCH_SKIP_BUILD:-}" != "1" ]; then
  ./mvnw -q -B -DskipTests -Ddalil.build.dir="$BUILD" package
  ./mvnw -q -B -f bench/pom.xml -Dbench.build.dir="$BUILD/bench" package
fi
exec "$JAVA_HOME/bin/java" -Xss512k -jar "$BUILD/bench/dalil-bench.jar" --repo=. --jar="$BUILD/dalil.jar" "$@"
