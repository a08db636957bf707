#!/usr/bin/env bash
# JMH benchmark of the processors alone (documents/s on one thread = per core). Not part of the test suite.
#
#   cd /work/main && mvn -B -q -pl es-ingest-percentiles -am test-compile
#   es-ingest-percentiles/bench/jmh.sh [JMH options, e.g. -f 1 -wi 2 -i 3 ProcessorBenchmark.percentiles]
set -euo pipefail
module="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$module/.." && pwd)"
cd "$root"
# test-compile in the same reactor run lets Maven resolve es-test-harness to its target/classes
mvn -B -q -pl es-ingest-percentiles -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$module/target/bench.classpath" >/dev/null
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")"
exec java ${JAVA_OPTS:-} -cp "$cp" org.openjdk.jmh.Main "$@"
