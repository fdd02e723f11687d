#!/usr/bin/env bash
# LoRA on the course assistant, scored on the validation split, never the test: the assistant experiment's chat base of
# seed SEED (experiments/assistant/seed-SEED/base under GPTLAB_RUNS, default runs/shared-runs, which
# `bash tests/science/run.sh assistant` trains), fine-tuned with the cpu SFT settings but LoRA rank RANK and peak
# learning rate LR (training and instruction data seed SEED, as the experiment's), then `gptlab eval --split validation`.
# Writes docs/results/recipes/lora-rRANK-lrLR-seedSEED.json (commit, settings, the fine-tuning's training summary, the
# validation scores); the same seed's fine-tuning of every weight is the `validation: …` rows of
# docs/results/assistant.json. About 9 minutes on 2 cores, in runs/recipes/. Needs jq.
#   bash tests/science/lora-trial.sh 8 0.001 1337
set -euo pipefail
rank="${1:?usage: bash tests/science/lora-trial.sh RANK LR SEED}"
lr="${2:?usage: bash tests/science/lora-trial.sh RANK LR SEED}"
seed="${3:?usage: bash tests/science/lora-trial.sh RANK LR SEED}"
cd "$(dirname "$0")/../.."
shared="${GPTLAB_RUNS:-$PWD/runs/shared-runs}"
base="$shared/experiments/assistant/seed-$seed/base"
if [ ! -f "$base/checkpoint/config.json" ]; then
  echo "no assistant base for seed $seed in $shared: train it first with GPTLAB_RUNS=$shared bash tests/science/run.sh assistant" >&2
  exit 1
fi
dotnet build lib/GptLab.Cli -c Release -v q -nologo > /dev/null
cli=(dotnet lib/GptLab.Cli/bin/Release/net10.0/GptLab.Cli.dll)
name="lora-r$rank-lr$lr-seed$seed"
export GPTLAB_RUNS="$PWD/runs/recipes"
mkdir -p "$GPTLAB_RUNS" docs/results/recipes
ln -sfn "$base" "$GPTLAB_RUNS/assistant-base-seed$seed" # a run name for the experiment's base; its data replays from there
rm -rf "${GPTLAB_RUNS:?}/$name"
sft=$("${cli[@]}" sft --base "assistant-base-seed$seed" --name "$name" --seed "$seed" --data-seed "$seed" --lora "$rank" --lr "$lr" --json | tail -n 1 \
  | jq -c '{step, train_loss, val_loss, stopped_early, weights_step, elapsed_s}')
validation=$("${cli[@]}" eval --name "$name" --split validation --json | tail -n 1)
jq -cn --arg commit "$(git rev-parse HEAD)" --argjson dirty "$([ -n "$(git status --porcelain -- lib)" ] && echo true || echo false)" \
  --argjson rank "$rank" --argjson lr "$lr" --argjson seed "$seed" --argjson sft "$sft" --argjson validation "$validation" \
  '{commit: $commit, dirty: $dirty, command: "bash tests/science/lora-trial.sh \($rank) \($lr) \($seed)", lora_rank: $rank, learning_rate: $lr, seed: $seed, sft: $sft, validation: $validation}' \
  > "docs/results/recipes/$name.json"
echo "docs/results/recipes/$name.json"
