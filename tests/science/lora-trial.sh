#!/usr/bin/env bash
# LoRA on the course assistant, scored on the validation split, never the test: the course chat base of seed SEED
# (CourseModels.ChatBase: course-chat-cpu under GPTLAB_RUNS, default runs/shared-runs, for the profile's seed 1337, which
# this script pretrains when it is missing; course-chat-cpu-seedSEED for another, which `gptlab experiment lora` trains),
# fine-tuned with the cpu SFT settings but LoRA rank RANK and peak learning rate LR (training and instruction data seed
# SEED), then `gptlab eval --split validation`. Writes docs/results/recipes/lora-rRANK-lrLR-seedSEED.json (commit,
# settings, the fine-tuning's training summary, the validation scores). About 9 minutes on 2 cores. Needs jq.
#   bash tests/science/lora-trial.sh 32 0.002 1337
set -euo pipefail
rank="${1:?usage: bash tests/science/lora-trial.sh RANK LR SEED}"
lr="${2:?usage: bash tests/science/lora-trial.sh RANK LR SEED}"
seed="${3:?usage: bash tests/science/lora-trial.sh RANK LR SEED}"
cd "$(dirname "$0")/../.."
shared="${GPTLAB_RUNS:-$PWD/runs/shared-runs}"
base="$shared/course-chat-cpu$([ "$seed" = 1337 ] || echo "-seed$seed")"
dotnet build lib/GptLab.Cli -c Release -v q -nologo > /dev/null
cli=(dotnet lib/GptLab.Cli/bin/Release/net10.0/GptLab.Cli.dll)
if [ ! -f "$base/checkpoint/config.json" ]; then
  if [ "$seed" != 1337 ]; then
    echo "no course chat base for seed $seed in $shared: train it first with GPTLAB_RUNS=$shared SEEDS=3 bash tests/science/run.sh lora" >&2
    exit 1
  fi
  GPTLAB_RUNS="$shared" "${cli[@]}" pretrain --profile chat-cpu --name course-chat-cpu --samples 0 --json > /dev/null
fi
# The course assistant's settings for that seed (CourseModels.AssistantSettings): seed 1337 is the profile's own, with
# the profile's data seed; another seed trains and draws its split with that seed.
seeded=(); [ "$seed" = 1337 ] || seeded=(--seed "$seed" --data-seed "$seed")
name="lora-r$rank-lr$lr-seed$seed"
export GPTLAB_RUNS="$PWD/runs/recipes"
mkdir -p "$GPTLAB_RUNS" docs/results/recipes
ln -sfn "$base" "$GPTLAB_RUNS/chat-base-seed$seed" # a run name for the course's chat base; its data replays from there
rm -rf "${GPTLAB_RUNS:?}/$name"
sft=$("${cli[@]}" sft --base "chat-base-seed$seed" --name "$name" "${seeded[@]}" --lora "$rank" --lr "$lr" --json | tail -n 1 \
  | jq -c '{step, train_loss, val_loss, stopped_early, weights_step, elapsed_s}')
validation=$("${cli[@]}" eval --name "$name" --split validation --json | tail -n 1)
jq -cn --arg commit "$(git rev-parse HEAD)" --argjson dirty "$([ -n "$(git status --porcelain -- lib)" ] && echo true || echo false)" \
  --argjson rank "$rank" --argjson lr "$lr" --argjson seed "$seed" --argjson sft "$sft" --argjson validation "$validation" \
  '{commit: $commit, dirty: $dirty, command: "bash tests/science/lora-trial.sh \($rank) \($lr) \($seed)", lora_rank: $rank, learning_rate: $lr, seed: $seed, sft: $sft, validation: $validation}' \
  > "docs/results/recipes/$name.json"
echo "docs/results/recipes/$name.json"
