#!/usr/bin/env bash
# Runs the reliability tests and prints their figures as one JSON document (bahe reliability):
#   - fuzzed input: seeded, mutated TSV/JSONL datasets and YAML configurations thrown at the loaders, counted by
#     outcome (ConfigLoaderFuzzTest, DatasetLoaderFuzzTest);
#   - disk full: store flushes that hit ENOSPC, each store reopened at its previous commit
#     (BehaviorStoreContractTest#flushThatRunsOutOfDiskReportsItAndReopensAtThePreviousCommit);
#   - kill and resume: bahe encode and bahe train SIGKILLed in a child JVM and resumed (EncodeKillResumeTest,
#     TrainKillResumeTest; tagged slow, about 1.5 minutes together).
# Usage: scripts/reliability.sh   (from anywhere; needs Java 17+ and Maven 3.8+; honours MAVEN_OPTS)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tests='ConfigLoaderFuzzTest,DatasetLoaderFuzzTest,*BehaviorStoreTest#flushThatRunsOutOfDisk*'
tests+=',EncodeKillResumeTest,TrainKillResumeTest'
mvn_quiet() { mvn -B -q -o "$@" || mvn -B -q "$@"; }

mvn_quiet install -DskipTests 1>&2
rm -rf bahe-*/target/reliability
mvn -B -q -o test -pl bahe-core,bahe-stores,bahe-examples -Dtest="$tests" -Dsurefire.excludedGroups= \
  -Dsurefire.failIfNoSpecifiedTests=false 1>&2
exec "$root/bahe" reliability --project "$root"
