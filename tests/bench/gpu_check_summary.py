"""The table gpu-check.sh prints last: each figure beside its target, from the JSON files the check wrote."""
import json
import os
import sys

out, target = sys.argv[1], float(sys.argv[2])


def load(name):
    try:
        with open(os.path.join(out, name)) as f:
            return json.loads(f.read().strip().splitlines()[-1])
    except (OSError, ValueError, IndexError):
        return None


def metrics():
    try:
        with open(os.path.join(out, "pretrain-metrics.jsonl")) as f:
            return [json.loads(line) for line in f if line.strip()]
    except OSError:
        return []


rows = []


def row(check, value, goal, ok):
    rows.append((check, value, goal, "-" if ok is None else ("met" if ok else "MISSED")))


bench = load("bench.json")
if bench:
    row("fp32 logits vs CPU (rel. error)", f"{bench['device_rel_error_fp32']:.1e}", "< 1e-3", bench["device_rel_error_fp32"] < 1e-3)
    row("bf16 logits vs CPU (rel. error)", f"{bench['device_rel_error_bf16']:.1e}", "< 2e-2", bench["device_rel_error_bf16"] < 2e-2)
    row(f"MFU, {bench['profile']} profile ({bench['device']})", f"{bench['mfu']:.1%}", "-", None)
    row("KV cache vs recompute", f"{bench['kv_speedup']:.1f}x", ">= 5x", bench["kv_speedup"] >= 5)
else:
    row("gptlab bench", "failed", "-", False)

for dtype in ("float32", "bfloat16"):
    ours, ref = load(f"bench-{dtype}.json"), load(f"reference-{dtype}.json")
    if ours and ref:
        ratio = ours["train_tokens_per_s"] / ref["tokens_per_s"]
        row(f"train tokens/s, {dtype}: GptLab / PyTorch eager",
            f"{ours['train_tokens_per_s']:,.0f} / {ref['tokens_per_s']:,.0f} = {ratio:.2f}x", ">= 1.0x", ratio >= 1.0)
        row(f"PyTorch eager val loss after {ref['steps']} steps ({dtype})", f"{ref['val_loss']:.3f}", "-", None)
    else:
        row(f"train tokens/s, {dtype}", "failed", ">= 1.0x", False)

m = metrics()
evals = [r for r in m if r.get("val_loss") is not None]
try:
    wall = float(open(os.path.join(out, "pretrain.wall")).read())
except (OSError, ValueError):
    wall = None
if evals and wall is not None:
    startup = wall - m[-1]["elapsed_s"]  # process start until the trainer's clock started, and the final save
    hit = next((r for r in evals if r["val_loss"] <= target), None)
    best = min(evals, key=lambda r: r["val_loss"])
    row(f"time to val <= {target} from process start",
        f"{startup + hit['elapsed_s']:.0f} s (step {hit['step']})" if hit else "not reached", "<= 45 s",
        hit is not None and startup + hit["elapsed_s"] <= 45)
    row("best val loss (step)", f"{best['val_loss']:.4f} ({best['step']})", "-", None)
    row("pretraining wall time", f"{wall:.0f} s", "-", None)
else:
    row("gptlab pretrain", "failed", "-", False)

gpt2 = load("bench-gpt2.json")
if gpt2:
    row(f"bf16 MFU, GPT-2 124M shape ({gpt2['parameters']:,} parameters)", f"{gpt2['mfu']:.1%}", ">= 40%", gpt2["mfu"] >= 0.40)
    row("matmul peak bf16 / fp32 (GFLOP/s)", f"{gpt2['matmul_peak_gflops_bf16']:,.0f} / {gpt2['matmul_peak_gflops_fp32']:,.0f}", "-", None)
else:
    row("gptlab bench (GPT-2 shape)", "failed", "-", False)

widths = [max(len(r[i]) for r in rows + [("check", "measured", "target", "verdict")]) for i in range(4)]
for r in [("check", "measured", "target", "verdict")] + rows:
    print("  ".join(c.ljust(w) for c, w in zip(r, widths)))
