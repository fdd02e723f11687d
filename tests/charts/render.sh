#!/usr/bin/env bash
# Every chart the notebooks draw, as a reader sees it. Runs the notebooks' file-based twins in the tiny profile on an
# empty runs folder (their chart pages land in one folder, sharing one plotly.js), then opens each page in headless
# Chromium (Debian's `chromium`): a PNG to look at, and tests/charts/layout-probe.js's measure of the drawn chart (the
# plot area at least half the figure, no text over other text, none cut at the edge). One line per chart; fails when a
# chart has a problem. Not part of CI (the twins take minutes and Chromium is not on every machine): run it when a
# chart or the house style (lib/GptLab/Plots) changes, and look at the PNGs.
#   bash tests/charts/render.sh                    every notebook; pages and PNGs under runs/charts/
#   bash tests/charts/render.sh 04 07              the notebooks whose names start so
#   PAGES=runs/charts/pages bash tests/charts/render.sh    only render pages already written
set -euo pipefail
cd "$(dirname "$0")/../.."
command -v chromium > /dev/null || { echo "tests/charts/render.sh: needs chromium (apt-get install chromium)" >&2; exit 2; }
out="$PWD/runs/charts"
pages=$(realpath -m "${PAGES:-$out/pages}")
if [ -z "${PAGES:-}" ]; then
  rm -rf "$out"; mkdir -p "$out/runs" "$pages"
  prefixes=("$@"); [ ${#prefixes[@]} -gt 0 ] || prefixes=("[0-9][0-9]-")
  for prefix in "${prefixes[@]}"; do
    for twin in notebooks/$prefix*.cs; do
      [ -f "$twin" ] || { echo "no notebook twin matches notebooks/$prefix*.cs" >&2; exit 2; }
      echo "== $twin"
      GPTLAB_PROFILE=tiny GPTLAB_RUNS="$out/runs" GPTLAB_CHARTS="$pages" dotnet run "$twin" > "$out/$(basename "$twin" .cs).log" 2>&1 \
        || { echo "$twin failed: see $out/$(basename "$twin" .cs).log" >&2; exit 1; }
    done
  done
fi
mkdir -p "$out/png" "$out/probe"
probe=$(cat tests/charts/layout-probe.js)
failed=0 count=0
for page in "$pages"/*.html; do
  name=$(basename "$page" .html)
  height=$(grep -o '"height":[0-9]*' "$page" | head -n 1 | cut -d: -f2)
  # The probed copy sits beside the page, so it loads the same plotly.js.
  probed="$pages/.probe-$name.html"
  { cat "$page"; printf '<script>%s</script>\n' "$probe"; } > "$probed"
  browse() { chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size="900,$((${height:-460} + 20))" \
    --virtual-time-budget=5000 "$@" "file://$probed" 2> /dev/null; }
  verdict=$(browse --dump-dom | grep -o '<body[^>]* data-layout="[^"]*"' | head -n 1 | sed 's/^.*data-layout="//; s/"$//; s/&quot;/"/g' || true)
  browse --screenshot="$out/png/$name.png" > /dev/null
  rm -f "$probed"
  count=$((count + 1))
  [ "$verdict" = ok ] || failed=$((failed + 1))
  echo "$name: ${verdict:-not measured (the page did not load)}"
done
[ "$count" -gt 0 ] || { echo "no chart pages under $pages" >&2; exit 2; }
echo "$((count - failed)) of $count charts laid out without a problem; PNGs in $out/png"
[ "$failed" -eq 0 ]
