#!/usr/bin/env bash
# One-time setup of a GptLab checkout, and the only one: the README documents it, both dev containers run it
# (postCreateCommand) and CI runs it before the tests (.ci/run). Safe to run again: every step is idempotent.
#
#   bash scripts/setup.sh                       # the cpu backend (TorchSharp-cpu): laptops, CI
#   TorchBackend=cuda bash scripts/setup.sh     # the GPU container: TorchSharp-cuda-linux (several GB on first restore)
#   bash scripts/setup.sh --backend cuda        # the same
#   bash scripts/setup.sh --dry-run             # print the steps without running them
#
# Steps: check the .NET SDK that global.json asks for; restore the solution, which fills the NuGet cache so that
# the notebooks' `#r "nuget: …"` need no network (TorchSharp-cpu is restored whatever the backend: the notebooks load
# it); restore the pinned local tools (.config/dotnet-tools.json: dotnet-repl, dotnet-interactive); build the CLI and
# the library the notebooks load (Release); register the .NET Interactive kernels with Jupyter when `jupyter` is
# installed (VS Code's Polyglot Notebooks extension and the twins need no registration).
# A failure prints one line naming the fix and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."

backend="${TorchBackend:-cpu}"
dry_run=false
while [ $# -gt 0 ]; do
  case "$1" in
    --backend) backend="${2:-}"; shift 2 || { echo "setup: --backend needs a value: cpu, cuda or none" >&2; exit 2; } ;;
    --backend=*) backend="${1#--backend=}"; shift ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "setup: unknown argument '$1': use --backend cpu|cuda|none, --dry-run or --help" >&2; exit 2 ;;
  esac
done

fail() { echo "setup failed: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
# Prints a command, then runs it (not with --dry-run); a failing command stops the script with the given fix.
run() {
  local fix="$1"; shift
  echo "+ $*"
  if [ "$dry_run" = true ]; then return 0; fi
  "$@" || fail "'$*' exited with $?: $fix"
}

case "$backend" in
  cpu|cuda|none) ;;
  *) fail "TorchBackend='$backend' is not known: use cpu (default), cuda or none, e.g. TorchBackend=cpu bash scripts/setup.sh" ;;
esac
started=$SECONDS
echo "GptLab setup in $(pwd) (TorchBackend=$backend$([ "$dry_run" = true ] && echo ', dry run'))"

step "1/5 .NET SDK (global.json)"
pinned="$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' global.json | head -n 1)"
echo "+ dotnet --version"
if [ "$dry_run" = false ]; then
  command -v dotnet >/dev/null 2>&1 \
    || fail "dotnet not found: install the .NET 10 SDK ($pinned or a later 10.0 feature band, https://dot.net), or open the repository in its dev container"
  sdk="$(dotnet --version 2>/dev/null)" \
    || fail "no installed .NET SDK satisfies global.json ($pinned, later feature bands allowed): install it, or pull the dev container image again (docker pull mcr.microsoft.com/devcontainers/dotnet:10.0-noble)"
  echo "SDK $sdk (global.json: $pinned or later)"
  # TorchSharp 0.107's libtorch packages cover linux-x64, win-x64 and osx-arm64: nothing for Linux on ARM.
  case "$(uname -s)/$(uname -m)/$backend" in
    Linux/aarch64/none | Linux/arm64/none) ;; # libtorch comes from GPTLAB_LIBTORCH
    Linux/aarch64/* | Linux/arm64/*)
      fail "TorchSharp has no libtorch for linux-arm64: on an Apple Silicon Mac run this script on macOS itself, or open the container as linux/amd64 (DOCKER_DEFAULT_PLATFORM=linux/amd64, see docs/workshop.md)" ;;
  esac
  packages="$(dotnet nuget locals global-packages --list 2>/dev/null | sed -n 's/^global-packages: *//p')"
  packages="${packages%/}"
  if [ -n "$packages" ]; then
    probe="$packages"
    while [ ! -e "$probe" ]; do probe="$(dirname "$probe")"; done
    [ -w "$probe" ] || fail "the NuGet cache $packages is not writable by $(id -un): sudo chown $(id -un) $probe (the dev containers' onCreateCommand does this for their cache volume)"
    echo "NuGet cache: $packages"
  fi
fi

step "2/5 Restore packages (TorchBackend=$backend)"
if [ "$backend" != cpu ]; then
  # The notebooks load TorchSharp-cpu whatever the backend (notebooks/_setup.dib): cache it too, then restore the backend.
  run "check the network or the NuGet feed, then run this script again" dotnet restore Course.sln -p:TorchBackend=cpu
fi
restore_fix="check the network or the NuGet feed, then run this script again"
if [ "$backend" = cuda ]; then
  restore_fix="a feed without TorchSharp-cuda-linux (libtorch CUDA) needs --backend cpu or the CPU container; otherwise $restore_fix"
fi
run "$restore_fix" dotnet restore Course.sln "-p:TorchBackend=$backend"

step "3/5 Local tools (.config/dotnet-tools.json)"
run "check the network or the NuGet feed, then run this script again" dotnet tool restore

step "4/5 Build the CLI and the library the notebooks load (Release)"
run "read the first error above; 'dotnet build lib/GptLab.Cli -c Release' shows it again" \
  dotnet build lib/GptLab.Cli -c Release --no-restore "-p:TorchBackend=$backend" -nologo -v q

step "5/5 Jupyter kernel (.NET Interactive)"
if command -v jupyter >/dev/null 2>&1; then
  # Seen with Debian's jupyter-core and jupyter-nbconvert but no `jupyter kernelspec` command: dotnet-interactive
  # then refuses to register ("The kernelspec path … does not exist") until the user's kernels folder exists.
  kernels="$(jupyter --data-dir)/kernels"
  run "check that 'jupyter --data-dir' prints a folder you can write to" mkdir -p "$kernels"
  run "check that 'jupyter kernelspec list' works, then run this script again" dotnet interactive jupyter install
  [ "$dry_run" = true ] || echo "registered: pick the kernel '.NET (C#)' in JupyterLab or VS Code's Jupyter extension"
else
  echo "skipped: jupyter is not installed. VS Code's Polyglot Notebooks extension and the twins (dotnet run notebooks/NN-name.cs)"
  echo "need no kernel registration; for Jupyter install it (apt install jupyter-notebook, or pip in a venv), then run this again"
fi

echo
echo "GptLab setup done in $((SECONDS - started)) s. Next: dotnet run notebooks/00-setup.cs, or open notebooks/00-setup.ipynb"
