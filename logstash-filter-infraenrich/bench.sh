#!/bin/sh
# Runs the infraenrich benchmarks (inventory memory for 1M prefixes, then JMH). Not part of the test suite.
# Usage (from anywhere): logstash-filter-infraenrich/bench.sh [JMH options, default: -f 1 -wi 3 -i 5 -w 2s -r 3s]
set -e
module=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$module")
cd "$root"
mvn -B -q -pl logstash-filter-infraenrich -am test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")"
[ $# -eq 0 ] && set -- -f 1 -wi 3 -i 5 -w 2s -r 3s
exec java -Xmx1g -Delkflow.shared.dir="${ELKFLOW_SHARED_DIR:-$root/../shared}" -cp "$cp" \
    org.elkflow.infraenrich.bench.EnrichBenchmarkMain "$@"
