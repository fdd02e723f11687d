#!/usr/bin/env bash
# One candidate for the chat-cpu recipe, scored on the validation split, never the test: a base with the facts text
# COPIES times in its corpus (the rest of chat-cpu as it is), fine-tuned with the cpu SFT settings, training and
# instruction data seed SEED, then `gptlab eval --split validation`. Writes docs/results/recipes/facts-xCOPIES-seedSEED.json
# (commit, settings, the base's and the fine-tuning's training summaries, the validation scores; the fine-tuning's own
# test report is left out). About 9 minutes on 2 cores, in runs/recipes/. Needs jq.
#   bash tests/science/recipe-trial.sh 3 1337
set -euo pipefail
copies="${1:?usage: bash tests/science/recipe-trial.sh COPIES SEED}"
seed="${2:?usage: bash tests/science/recipe-trial.sh COPIES SEED}"
cd "$(dirname "$0")/../.."
dotnet build lib/GptLab.Cli -c Release -v q -nologo > /dev/null
cli=(dotnet lib/GptLab.Cli/bin/Release/net10.0/GptLab.Cli.dll)
name="facts-x$copies-seed$seed"
export GPTLAB_RUNS="$PWD/runs/recipes"
mkdir -p "$GPTLAB_RUNS" docs/results/recipes
corpus="$(printf 'data/synthetic/facts.txt;%.0s' $(seq "$copies"))data/tinystories/stories.txt"
printf '{"data": {"corpus": "%s", "instructions": {"data_seed": %s}}}\n' "$corpus" "$seed" > "$GPTLAB_RUNS/$name.json"
base=$("${cli[@]}" pretrain --profile chat-cpu --name "$name-base" --seed "$seed" --config "$GPTLAB_RUNS/$name.json" --json | tail -n 1)
sft=$("${cli[@]}" sft --base "$name-base" --name "$name" --seed "$seed" --data-seed "$seed" --json | tail -n 1 \
  | jq -c '{step, train_loss, val_loss, stopped_early, weights_step, elapsed_s}')
validation=$("${cli[@]}" eval --name "$name" --split validation --json | tail -n 1)
jq -cn --arg commit "$(git rev-parse HEAD)" --argjson dirty "$([ -n "$(git status --porcelain -- lib)" ] && echo true || echo false)" \
  --arg corpus "$corpus" --argjson copies "$copies" --argjson seed "$seed" --argjson base "$base" --argjson sft "$sft" --argjson validation "$validation" \
  '{commit: $commit, dirty: $dirty, command: "bash tests/science/recipe-trial.sh \($copies) \($seed)", facts_copies: $copies, seed: $seed, corpus: $corpus, base: $base, sft: $sft, validation: $validation}' \
  > "docs/results/recipes/$name.json"
echo "docs/results/recipes/$name.json"
