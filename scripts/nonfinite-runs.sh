#!/usr/bin/env bash
# Trains one configuration with N training seeds, one run after the other, and counts the steps whose loss or
# gradient was non-finite: recomputed (the second computation was finite and applied) and skipped (non-finite
# twice). Prints one JSON document and writes it to bahe-output/reliability/nonfinite-runs.json, where
# `bahe reliability` picks it up (outside target/, so that neither `mvn clean` nor scripts/reliability.sh
# deletes an hour of runs; a run already finished there is not repeated).
#
# The default setting is the one in which about one run in three once had a step with NaN gradients: BAHE on
# MovieLens 100k, T = 128, the item as its pooled store vector, the first 4,096 training impressions, one epoch,
# backbone learning rate 2e-4, 200 validation and test impressions, the machine's default thread count.
#
# Usage: scripts/nonfinite-runs.sh [RUNS (default 30)] [FIRST_SEED (default 1)] [extra `bahe ablation` options]
#   e.g. scripts/nonfinite-runs.sh 30 1 --set sequence.itemEncoding=tokens
# Environment: BAHE_JAVA_OPTS as for ./bahe (e.g. thread counts); DATA (default ../shared/datasets/ml-100k);
#   OUT (default bahe-output/reliability/nonfinite-runs) for the runs' output directories.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-30}"
first="${2:-1}"
shift $(( $# > 2 ? 2 : $# ))
data="${DATA:-$root/../shared/datasets/ml-100k}"
out="${OUT:-$root/bahe-output/reliability/nonfinite-runs}"
command -v jq >/dev/null || { echo "nonfinite-runs: jq is required" >&2; exit 1; }
[ -d "$data" ] || { echo "nonfinite-runs: no MovieLens 100k at $data (set DATA)" >&2; exit 1; }
mkdir -p "$out"

setting=(--data movielens --data-path "$data" --variants bahe --text-lengths 128 --max-train-samples 4096
  --epochs 1 --max-eval-samples 200 --no-auc-d --no-dnn --no-stats --set training.backboneLearningRate=2e-4
  --set sequence.itemEncoding=pooled "$@")

per_run="[]"
for seed in $(seq "$first" $(( first + runs - 1 ))); do
  dir="$out/seed-$seed"
  if [ ! -f "$dir/results.json" ]; then # a finished run is not repeated when the script is run again
    rm -rf "$dir"
    "$root/bahe" ablation "${setting[@]}" --set training.seed="$seed" --output "$dir.partial" \
      > "$out/seed-$seed.log" 2>&1 || true
    [ -f "$dir.partial/results.json" ] && mv "$dir.partial" "$dir"
  fi
  if [ -f "$dir/results.json" ]; then
    run=$(jq -c --argjson seed "$seed" '.results[] | select(.variant == "bahe") | {seed: $seed, status,
      steps: (.learning.steps | length), recomputed: (.recomputed_steps // 0), skipped: .skipped_steps}' \
      "$dir/results.json")
  else
    run=$(jq -nc --argjson seed "$seed" '{seed: $seed, status: "no results.json (see the log)", steps: 0,
      recomputed: 0, skipped: 0}')
  fi
  echo "nonfinite-runs: $run" >&2
  per_run=$(jq -c --argjson r "$run" '. + [$r]' <<< "$per_run")
done

summary=$(jq --arg setting "${setting[*]}" --arg java "${BAHE_JAVA_OPTS:-}" '{
  setting: $setting, javaOptions: $java, runs: length, okRuns: (map(select(.status == "ok")) | length),
  steps: (map(.steps) | add), recomputedSteps: (map(.recomputed) | add), skippedSteps: (map(.skipped) | add),
  runsWithANonFiniteStep: (map(select(.recomputed + .skipped > 0)) | length), perRun: .}' <<< "$per_run")
echo "$summary" > "$root/bahe-output/reliability/nonfinite-runs.json"
echo "$summary"
