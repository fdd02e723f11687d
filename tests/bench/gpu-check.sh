#!/usr/bin/env bash
# GptLab's GPU check, for the lent GPU machine (no .NET SDK, no internet; docs/benchmarks.md, "GPU"). Runs from the
# repository root in one invocation, well under 8 minutes on an H100/H200, and prints a short table last:
#   1. gptlab info                          (libtorch found, CUDA seen)
#   2. gptlab bench --device cuda           (logits against the CPU's, fp32 and bf16; throughput; MFU; KV cache)
#   3. gptlab pretrain --profile gpu        (shakespeare-char: time from process start to val <= 1.47)
#   4. tests/bench/reference_gpt.py         (the same model, data and settings in PyTorch eager, fp32 and bf16)
#   5. gptlab bench on GPT-2 124M's shape   (bf16 MFU)
# What it needs: a self-contained publish of lib/GptLab.Cli built with -p:TorchBackend=none, made here by
# tests/bench/publish-for-device.sh into .device/ (git-ignored; carry it), and a PyTorch whose libtorch the publish uses.
# Rehearsal on a CPU machine (tiny sizes, the CPU libtorch from NuGet, Debian's python3-torch for the reference):
#   GPU_CHECK_DEVICE=cpu GPU_CHECK_PROFILE=tiny GPTLAB_LIBTORCH=<libtorch lib folder> PYTHON=/usr/bin/python3 bash tests/bench/gpu-check.sh
set -uo pipefail

DEVICE=${GPU_CHECK_DEVICE:-cuda}
PROFILE=${GPU_CHECK_PROFILE:-gpu}
TARGET=${GPU_CHECK_TARGET:-1.47}
PYTHON=${PYTHON:-python3}
OUT=${OUT:-/tmp/gpu-check}
ARCHIVE=${GPTLAB_PUBLISH:-.device/gptlab-linux-x64.tar.xz}
if [ "$PROFILE" = tiny ]; then REF_STEPS=60; BENCH=(--steps 10 --rounds 1 --leak-steps 10 --sample-tokens 32 --sample-context 64); GPT2=(--tokenizer gpt2 --n-layer 2 --n-embd 128 --n-head 2 --block-size 128 --batch-size 2)
else REF_STEPS=300; BENCH=(--leak-steps 200); GPT2=(--tokenizer gpt2 --n-layer 12 --n-embd 768 --n-head 12 --block-size 1024 --batch-size 16); fi
mkdir -p "$OUT"
export GPTLAB_RUNS="$OUT/runs"

step() { echo "== $* ($(date +%T))"; }
fail() { echo "gpu-check: $*" >&2; exit 1; }

step "unpack $ARCHIVE"
[ -f "$ARCHIVE" ] || fail "$ARCHIVE not found: build it with bash tests/bench/publish-for-device.sh and carry .device/"
APP=$(mktemp -d /tmp/gptlab-app.XXXX)
tar xJf "$ARCHIVE" -C "$APP" || fail "could not unpack $ARCHIVE"
GPTLAB="$APP/GptLab.Cli"
[ -x "$GPTLAB" ] || fail "$ARCHIVE holds no GptLab.Cli executable"

if [ -z "${GPTLAB_LIBTORCH:-}" ]; then
  GPTLAB_LIBTORCH=$("$PYTHON" -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))') \
    || fail "no PyTorch for $PYTHON: set GPTLAB_LIBTORCH to a libtorch lib folder"
fi
export GPTLAB_LIBTORCH LD_LIBRARY_PATH="$GPTLAB_LIBTORCH:${LD_LIBRARY_PATH:-}"

step "gptlab info"
"$GPTLAB" info 2>&1 | tee "$OUT/info.txt"

step "gptlab bench --profile $PROFILE --device $DEVICE"
"$GPTLAB" bench --profile "$PROFILE" --device "$DEVICE" --no-concurrent --json "${BENCH[@]}" > "$OUT/bench.json" 2> "$OUT/bench.err" \
  || echo "bench failed: $(tail -1 "$OUT/bench.err")"

step "gptlab pretrain --profile $PROFILE --device $DEVICE"
start=$(date +%s.%N)
"$GPTLAB" pretrain --profile "$PROFILE" --device "$DEVICE" --name check --samples 0 --json > "$OUT/pretrain.json" 2> "$OUT/pretrain.err" \
  || echo "pretrain failed: $(tail -1 "$OUT/pretrain.err")"
echo "$(date +%s.%N) - $start" | bc > "$OUT/pretrain.wall"
cp "$GPTLAB_RUNS/check/metrics.jsonl" "$OUT/pretrain-metrics.jsonl" 2>/dev/null

step "reference_gpt.py (PyTorch eager, $REF_STEPS steps, fp32 and bf16)"
"$GPTLAB" pretrain --profile "$PROFILE" --print-config > "$OUT/config.json"
for dtype in float32 bfloat16; do
  "$PYTHON" tests/bench/reference_gpt.py --config "$OUT/config.json" --data "$GPTLAB_RUNS/check/data" --device "$DEVICE" \
    --dtype "$dtype" --steps "$REF_STEPS" > "$OUT/reference-$dtype.json" 2> "$OUT/reference-$dtype.err" \
    || echo "reference $dtype failed: $(tail -1 "$OUT/reference-$dtype.err")"
  "$GPTLAB" bench --profile "$PROFILE" --device "$DEVICE" --dtype "$dtype" --no-concurrent --json --steps "$REF_STEPS" --rounds 1 \
    --leak-steps 5 --sample-tokens 8 --sample-context 64 > "$OUT/bench-$dtype.json" 2> "$OUT/bench-$dtype.err" \
    || echo "bench $dtype failed: $(tail -1 "$OUT/bench-$dtype.err")"
done

step "gptlab bench on GPT-2 124M's shape (bf16)"
"$GPTLAB" bench --profile "$PROFILE" --name bench-gpt2 --device "$DEVICE" --dtype bfloat16 --dropout 0 "${GPT2[@]}" --no-concurrent --json \
  --steps 20 --rounds 1 --leak-steps 5 --sample-tokens 8 --sample-context 128 > "$OUT/bench-gpt2.json" 2> "$OUT/bench-gpt2.err" \
  || echo "bench gpt2 failed: $(tail -1 "$OUT/bench-gpt2.err")"

step "summary"
"$PYTHON" tests/bench/gpu_check_summary.py "$OUT" "$TARGET" | tee "$OUT/summary.txt"
rm -rf "$APP"
