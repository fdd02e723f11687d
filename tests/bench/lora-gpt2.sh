#!/usr/bin/env bash
# Fine-tuning a model of GPT-2 124M's shape on this machine, every weight against LoRA (rank 8 by default, in one batch
# of 16 conversations and in micro-batches of 4): one JSON line per mode
# (seconds per step, peak resident memory, trainable parameters), and the two LoRA modes again with activation
# recomputation (train.recompute), and LoRA in micro-batches with bf16 matmuls and the frozen base in bf16, asked for
# and chosen by dtype auto. Each mode in its own process; run it alone on the machine. The model and runs live in a
# temporary folder, removed at the end. About 10 minutes on 2 cores.
# Needs jq. The committed figures: bash tests/bench/lora-gpt2.sh | tee docs/results/bench/lora-gpt2.jsonl
#   bash tests/bench/lora-gpt2.sh [RANK]
set -euo pipefail
cd "$(dirname "$0")/../.."
rank="${1:-8}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
dotnet build tests/bench/lora-gpt2.cs -v q -nologo > /dev/null 2>&1 || dotnet build tests/bench/lora-gpt2.cs -v q -nologo
commit="$(git rev-parse --short HEAD)"
if [ -n "$(git status --porcelain -- lib tests/bench)" ]; then commit="$commit-dirty"; fi
run() { dotnet run --no-build tests/bench/lora-gpt2.cs -- "$@" | tail -n 1 | jq -c --arg commit "$commit" --arg date "$(date -u +%F)" '. + {commit: $commit, date: $date}'; }
run prepare "$work" > /dev/null
run full "$work"
run lora "$rank" "$work"
run lora "$rank" 4 "$work" # micro-batches of 4 conversations, the same 16 an update
run lora "$rank" recompute "$work" # the blocks' activations computed again in the backward pass
run lora "$rank" 4 recompute "$work"
run lora "$rank" 4 bf16 "$work" # bf16 matmuls, the frozen base held in bf16 (dtype bfloat16)
run lora "$rank" 4 auto "$work" # dtype auto: the stage times a step in both precisions and takes the faster
