"""
Resumes out_dir/ckpt.pt and trains it further on data/<dataset>/train.bin, the way nanoGPT's train.py does with
--init_from=resume, on one CPU process: nanoGPT's checkpoint keys, uint16 token files and --key=value options. It stands
in for nanoGPT's train.py in GptLab's hand-off test (tests/GptLab.Tests/Interop/PyTorchRoundTripTests.cs).
  python3 train.py --out_dir=out-gptlab --dataset=gptlab --max_iters=60
"""
import ast
import os
import sys

import numpy as np
import torch

from model import GPT, GPTConfig

out_dir, dataset = "out", "gptlab"
max_iters, batch_size, learning_rate, weight_decay, grad_clip = 60, 16, 1e-3, 0.1, 1.0
beta1, beta2, seed = 0.9, 0.99, 1337
for arg in sys.argv[1:]:  # --key=value overrides a setting above; a value that is not a Python literal is a string
    key, _, value = arg.removeprefix("--").partition("=")
    if key not in globals() or key.startswith("_"):
        sys.exit(f"train.py: unknown option --{key}")
    try:
        globals()[key] = ast.literal_eval(value)
    except (SyntaxError, ValueError):
        globals()[key] = value

torch.manual_seed(seed)
ckpt = torch.load(os.path.join(out_dir, "ckpt.pt"), map_location="cpu")
model = GPT(GPTConfig(**ckpt["model_args"]))
model.load_state_dict({k.removeprefix("_orig_mod."): v for k, v in ckpt["model"].items()})
optimizer = model.configure_optimizers(weight_decay, learning_rate, (beta1, beta2), "cpu")
optimizer.load_state_dict(ckpt["optimizer"])
block_size, iter_num = model.config.block_size, ckpt["iter_num"]

data = np.memmap(os.path.join("data", dataset, "train.bin"), dtype=np.uint16, mode="r")
def get_batch():
    ix = torch.randint(len(data) - block_size, (batch_size,))
    x = torch.stack([torch.from_numpy(data[i:i + block_size].astype(np.int64)) for i in ix])  # (B, T)
    y = torch.stack([torch.from_numpy(data[i + 1:i + 1 + block_size].astype(np.int64)) for i in ix])
    return x, y

model.train()
while iter_num < max_iters:
    x, y = get_batch()
    _, loss = model(x, y)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    iter_num += 1
    if iter_num % 10 == 0:
        print(f"iter {iter_num}: loss {loss.item():.4f}")
torch.save({"model": model.state_dict(), "optimizer": optimizer.state_dict(), "model_args": ckpt["model_args"],
            "iter_num": iter_num, "best_val_loss": ckpt["best_val_loss"], "config": ckpt.get("config", {})},
           os.path.join(out_dir, "ckpt.pt"))
