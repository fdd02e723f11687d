#!/usr/bin/env bash
# Builds what tests/bench/gpu-check.sh runs on the GPU machine: a self-contained publish of the gptlab CLI without any
# libtorch (-p:TorchBackend=none: the machine's own PyTorch provides it, CUDA included), packed into .device/ (git-ignored,
# carried to the machine with the working tree; the carry limit is 64 MB).
set -euo pipefail
cd "$(dirname "$0")/../.."
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
dotnet publish lib/GptLab.Cli -c Release -r linux-x64 --self-contained -p:TorchBackend=none -o "$stage" -v q -nologo
mkdir -p .device
tar cJf .device/gptlab-linux-x64.tar.xz -C "$stage" .
ls -l .device/gptlab-linux-x64.tar.xz
