"""Writes the logits of out_dir/ckpt.pt's model on a sequence of token ids as raw float32, (T, vocab), row-major.
  python3 logits.py OUT_DIR IDS_FILE LOGITS_FILE      (IDS_FILE: uint16 ids, as train.bin)"""
import sys

import numpy as np
import torch

from model import GPT, GPTConfig

out_dir, ids_file, logits_file = sys.argv[1:]
ckpt = torch.load(f"{out_dir}/ckpt.pt", map_location="cpu")
model = GPT(GPTConfig(**ckpt["model_args"]))
model.load_state_dict(ckpt["model"])
model.eval()
ids = torch.from_numpy(np.fromfile(ids_file, dtype=np.uint16).astype(np.int64)).unsqueeze(0)  # (1, T)
with torch.no_grad():
    logits, _ = model(ids, ids)  # with targets the model returns every position's logits
logits[0].numpy().astype(np.float32).tofile(logits_file)
