#!/usr/bin/env bash
# A conversation through `gptlab chat` (stdin, greedy): the fact told in turn 1 of tests/science/recall-conversation.txt
# is asked in turn 8, six other exchanges later. Every cpu course assistant under the runs folder (one per training seed,
# as `gptlab experiment context --profile cpu --seeds 3` trains them) must answer it with turn 1 and must not with turn 1
# left out (the null condition: an assistant that says "Your pet is a frog." whatever it was told fails). Part of the
# science suite, not CI: the tiny path of the same script runs in ChatCliTests.
#   GPTLAB_RUNS=runs/shared-runs bash tests/science/chat-recall.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${GPTLAB_RUNS:-$PWD/runs}"
script=tests/science/recall-conversation.txt
expected="Your pet is a frog."
dotnet build lib/GptLab.Cli -c Release -v q -nologo > /dev/null
last_reply() { dotnet lib/GptLab.Cli/bin/Release/net10.0/GptLab.Cli.dll chat --checkpoint "$1" --temperature 0 --max-new-tokens 24 \
  | grep -o 'assistant> .*' | tail -n 1 | sed 's/^assistant> //; s/ *$//'; }
checked=0 failed=0
for run in "$runs"/course-assistant-cpu "$runs"/course-assistant-cpu-seed*; do
  [ -d "$run/checkpoint" ] || continue
  told=$(last_reply "$run" < "$script")
  untold=$(tail -n +2 "$script" | last_reply "$run")
  verdict=ok
  if [ "$told" != "$expected" ] || [ "$untold" = "$expected" ]; then verdict=FAILED; failed=$((failed + 1)); fi
  echo "$(basename "$run"): turn 8 with turn 1: \"$told\"; without it: \"$untold\" ($verdict)"
  checked=$((checked + 1))
done
[ "$checked" -gt 0 ] || { echo "no course-assistant-cpu* run under $runs: run 'gptlab experiment context --profile cpu --seeds 3' first" >&2; exit 2; }
echo "$((checked - failed)) of $checked assistants recalled turn 1 in turn 8"
[ "$failed" -eq 0 ]
