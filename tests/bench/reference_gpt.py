"""The reference GptLab's GPU numbers are judged against: the same GPT, data and settings in PyTorch eager.

Reads a run's resolved config (`gptlab pretrain --print-config`) and its prepared dataset folder (train.bin / val.bin,
nanoGPT's uint16 format), trains for --steps steps and prints one JSON line: tokens/s over the timed steps, the final
val loss, and what was compared. Same architecture as GptLab's Gpt (nanoGPT's: pre-LayerNorm blocks, exact GELU,
tied head, GPT-2 initialisation), AdamW with decay on 2-D weights only, warmup + cosine, clipping at grad_clip.
bf16 is torch.autocast, GptLab's is explicit casting: "equal precision" means bf16 matmuls against bf16 matmuls.
Works with PyTorch 1.13 (the CPU rehearsal, Debian's python3-torch) and 2.x (the GPU machine).
"""
import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
from torch.nn import functional as F


class Block(nn.Module):
    def __init__(self, c, dropout, bias):
        super().__init__()
        self.n_head, self.dropout = c["n_head"], dropout
        d = c["n_embd"]
        self.ln_1 = nn.LayerNorm(d, elementwise_affine=True)
        self.c_attn = nn.Linear(d, 3 * d, bias=bias)
        self.attn_proj = nn.Linear(d, d, bias=bias)
        self.ln_2 = nn.LayerNorm(d)
        self.c_fc = nn.Linear(d, 4 * d, bias=bias)
        self.mlp_proj = nn.Linear(4 * d, d, bias=bias)
        self.drop = nn.Dropout(dropout)

    def attention(self, x):
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(C, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))  # (B, nh, T, hs)
        p = self.dropout if self.training else 0.0
        if hasattr(F, "scaled_dot_product_attention"):
            y = F.scaled_dot_product_attention(q, k, v, dropout_p=p, is_causal=True)
        else:  # PyTorch 1.13: the same attention written out
            att = (q @ k.transpose(-2, -1)) / math.sqrt(k.size(-1))
            att = att.masked_fill(torch.ones(T, T, dtype=torch.bool, device=x.device).triu(1), float("-inf"))
            y = F.dropout(att.softmax(-1), p) @ v
        return self.drop(self.attn_proj(y.transpose(1, 2).contiguous().view(B, T, C)))

    def forward(self, x):
        x = x + self.attention(self.ln_1(x))
        return x + self.drop(self.mlp_proj(F.gelu(self.c_fc(self.ln_2(x)))))


class Gpt(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.wte = nn.Embedding(c["vocab_size"], c["n_embd"])
        self.wpe = nn.Embedding(c["block_size"], c["n_embd"])
        self.drop = nn.Dropout(c["dropout"])
        self.h = nn.ModuleList(Block(c, c["dropout"], c["bias"]) for _ in range(c["n_layer"]))
        self.ln_f = nn.LayerNorm(c["n_embd"])
        self.lm_head = nn.Linear(c["n_embd"], c["vocab_size"], bias=False)
        self.lm_head.weight = self.wte.weight  # tied
        for name, p in self.named_parameters():
            if name.endswith("bias"):
                nn.init.zeros_(p)
            elif ".ln_" in name or name.startswith("ln_"):
                nn.init.ones_(p)
            else:
                std = 0.02 / math.sqrt(2 * c["n_layer"]) if name.endswith("proj.weight") else 0.02
                nn.init.normal_(p, 0.0, std)

    def forward(self, idx, targets):
        T = idx.size(1)
        x = self.drop(self.wte(idx) + self.wpe(torch.arange(T, device=idx.device)))
        for block in self.h:
            x = block(x)
        logits = self.lm_head(self.ln_f(x))
        return F.cross_entropy(logits.float().view(-1, logits.size(-1)), targets.view(-1))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--config", required=True, help="JSON from gptlab pretrain --print-config")
    ap.add_argument("--data", required=True, help="a prepared dataset folder (train.bin, val.bin)")
    ap.add_argument("--device", default="cuda")
    ap.add_argument("--dtype", default="float32", choices=["float32", "bfloat16"])
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--eval-iters", type=int, default=20)
    a = ap.parse_args()

    cfg = json.load(open(a.config))
    m, t = cfg["model"], cfg["train"]
    torch.manual_seed(t["seed"])
    if a.device.startswith("cuda"):
        torch.backends.cuda.matmul.allow_tf32 = True
        torch.backends.cudnn.allow_tf32 = True
    train = np.fromfile(os.path.join(a.data, "train.bin"), dtype=np.uint16).astype(np.int64)
    val = np.fromfile(os.path.join(a.data, "val.bin"), dtype=np.uint16).astype(np.int64)
    B, T = t["batch_size"], m["block_size"]
    rng = np.random.default_rng(t["seed"])

    def batch(data):
        starts = rng.integers(0, len(data) - T - 1, B)
        x = torch.from_numpy(np.stack([data[s:s + T] for s in starts]))
        y = torch.from_numpy(np.stack([data[s + 1:s + 1 + T] for s in starts]))
        if a.device.startswith("cuda"):
            return x.pin_memory().to(a.device, non_blocking=True), y.pin_memory().to(a.device, non_blocking=True)
        return x, y

    model = Gpt(m).to(a.device)
    decay = [p for p in model.parameters() if p.dim() >= 2]
    rest = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": t["weight_decay"]}, {"params": rest, "weight_decay": 0.0}],
                            lr=t["learning_rate"], betas=(t["beta1"], t["beta2"]))
    decay_steps = t["lr_decay_steps"] or t["max_steps"]

    def lr_at(step):
        if step < t["warmup_steps"]:
            return t["learning_rate"] * (step + 1) / (t["warmup_steps"] + 1)
        ratio = min(1.0, (step - t["warmup_steps"]) / max(1, decay_steps - t["warmup_steps"]))
        return t["min_lr"] + 0.5 * (1 + math.cos(math.pi * ratio)) * (t["learning_rate"] - t["min_lr"])

    autocast = torch.autocast(device_type="cuda" if a.device.startswith("cuda") else "cpu", dtype=torch.bfloat16,
                              enabled=a.dtype == "bfloat16")
    sync = torch.cuda.synchronize if a.device.startswith("cuda") else (lambda: None)
    warm = min(10, a.steps // 5)
    model.train()
    for step in range(a.steps):
        if step == warm:
            sync()
            start = time.perf_counter()
        for g in opt.param_groups:
            g["lr"] = lr_at(step)
        x, y = batch(train)
        with autocast:
            loss = model(x, y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        if t["grad_clip"] > 0:
            nn.utils.clip_grad_norm_(model.parameters(), t["grad_clip"])
        opt.step()
    sync()
    seconds = time.perf_counter() - start
    model.eval()
    with torch.no_grad(), autocast:
        val_loss = sum(model(*batch(val)).item() for _ in range(a.eval_iters)) / a.eval_iters
    print(json.dumps({"torch": torch.__version__, "device": a.device, "dtype": a.dtype, "steps": a.steps,
                      "timed_steps": a.steps - warm, "tokens_per_s": round((a.steps - warm) * B * T / seconds, 1),
                      "ms_per_step": round(1000 * seconds / (a.steps - warm), 2), "val_loss": round(val_loss, 4)}))


if __name__ == "__main__":
    main()
