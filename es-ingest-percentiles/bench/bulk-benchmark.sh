#!/usr/bin/env bash
# Bulk-indexing benchmark on one real node: the same documents (100-value arrays) without a pipeline and through
# a pipeline with the percentiles processor. Not part of the test suite.
#
#   cd /work/main && mvn -B -q -pl es-ingest-percentiles -am verify -DskipITs   # builds the zip, unpacks ES
#   es-ingest-percentiles/bench/bulk-benchmark.sh [docs=30000] [bulk=500] [clients=2] [rounds=2]
#
# As root, the harness runs Elasticsearch as the user elkflow-es (runuser), like the integration tests.
set -euo pipefail
module="$(cd "$(dirname "$0")/.." && pwd)"
root="$(cd "$module/.." && pwd)"
cd "$root"
# test-compile in the same reactor run lets Maven resolve es-test-harness to its target/classes
mvn -B -q -pl es-ingest-percentiles -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$module/target/bench.classpath" >/dev/null
cp="$module/target/test-classes:$module/target/classes:$(cat "$module/target/bench.classpath")"
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$cp" \
    -Delkflow.es.home="$module/target/elasticsearch/elasticsearch-8.19.21" \
    -Delkflow.plugin.zip="$root/dist/es-ingest-percentiles-0.1.0.zip" \
    org.elkflow.percentiles.bench.BulkIngestBenchmark "$@"
