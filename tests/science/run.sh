#!/usr/bin/env bash
# The science suite: reruns the lab's experiments in the cpu profile with several training seeds (the effects that
# need more than the tiny profile CI runs), keeps each combined result in docs/results/<experiment>.json (the
# numbers docs quote, with their provenance), then runs ScienceResultTests, which assert the documented directions
# on those files. Run it on a clean tree before numbers in docs change; it is not part of CI (about 20 minutes per
# experiment on 2 cores with 3 seeds). It runs in a clean clone of HEAD under runs/science/ (edit the checkout meanwhile
# if you like: the clone's commit is what the results name) and copies the result files back into docs/results/.
#   bash tests/science/run.sh                      every experiment of the suite
#   bash tests/science/run.sh bias transitive-inference    some of them
#   SEEDS=5 bash tests/science/run.sh bias         more seeds
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds="${SEEDS:-3}"
experiments=("$@")
[ ${#experiments[@]} -gt 0 ] || experiments=(bias transitive-inference hallucination memorization scale assistant lora)
if [ -n "$(git status --porcelain --untracked-files=no -- lib)" ]; then
  echo "tests/science/run.sh: lib/ has uncommitted changes; commit them first so the results name the code that made them" >&2
  exit 2
fi
repo="$PWD"
clone="$repo/runs/science/$(git rev-parse --short HEAD)"
[ -d "$clone" ] || git clone -q "$repo" "$clone"
git -C "$clone" checkout -q "$(git rev-parse HEAD)"
(cd "$clone" && dotnet build lib/GptLab.Cli -c Release -v q -nologo)
mkdir -p docs/results
for experiment in "${experiments[@]}"; do
  echo "== $experiment, cpu profile, $seeds seeds"
  (cd "$clone" && dotnet lib/GptLab.Cli/bin/Release/net10.0/GptLab.Cli.dll experiment "$experiment" --profile cpu --seeds "$seeds" --json) \
    | tail -n 1 > "docs/results/$experiment.json.new"
  mv "docs/results/$experiment.json.new" "docs/results/$experiment.json"
done
dotnet test tests/GptLab.Tests --filter "FullyQualifiedName~ScienceResultTests" -nologo
