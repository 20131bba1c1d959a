"""A sentence vector of an article's lead, for story merging: outlets that report one event in other words
still write about the same thing, and a sentence encoder sees that where shared words do not (a "walkout"
at the "docks" and "industrial action" at the "port"; an insurer's bill after a storm).

The encoder is all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) with int8 weights, run by onnxruntime on
one thread; collector/encoder/ holds it and its tokenizer (built by bench/build_story_embedder.py). It reads
the headline and the text's first EMBED_WORDS words: where outlets state the event. Vectors are unit length
(mean of the last hidden states over the tokens, as the model was trained) and travel in signatures as int8,
four to a 32-bit value (pack / unpack).
"""
from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

EMBED_WORDS = 30  # words of a text read after the headline (about 55 tokens with it)
DIMENSIONS = 384
PACKED = DIMENSIONS // 4  # 32-bit values of a packed vector
MAX_TOKENS = 128
MODEL_FILE = "minilm-l6-int8.onnx"
TOKENIZER_FILE = "tokenizer.json"


class EmbedderUnavailable(RuntimeError):
    """The sentence encoder's files or onnxruntime are missing or broken (a packaging error)."""


class Embedder:
    """The int8 MiniLM encoder in a folder (the packaged one: collector/encoder)."""

    def __init__(self, folder: Path) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EmbedderUnavailable(f"story merging needs onnxruntime and tokenizers: {exc}") from exc
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1  # one worker process per core already
        options.inter_op_num_threads = 1
        options.log_severity_level = 3
        try:
            self._session = onnxruntime.InferenceSession(
                str(folder / MODEL_FILE), options, providers=["CPUExecutionProvider"])
            self._tokenizer = Tokenizer.from_file(str(folder / TOKENIZER_FILE))
        except Exception as exc:  # noqa: BLE001 - onnxruntime and tokenizers raise their own kinds
            raise EmbedderUnavailable(f"cannot load the sentence encoder in {folder}: {exc}") from exc
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)

    def embed(self, text: str) -> np.ndarray:
        """The unit-length float32 vector of a text."""
        encoding = self._tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        hidden = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0][0]
        vector = hidden.mean(axis=0)
        return (vector / max(float(np.linalg.norm(vector)), 1e-12)).astype(np.float32)

    def embed_many(self, texts: list[str]) -> np.ndarray:
        """The vectors of several texts (rows)."""
        return np.vstack([self.embed(text) for text in texts]) if texts else np.empty((0, DIMENSIONS), np.float32)


@cache
def default_embedder() -> Embedder:
    """The packaged encoder (collector/encoder), loaded once per process."""
    with resources.as_file(resources.files("collector") / "encoder") as folder:
        return Embedder(Path(folder))


def lead_text(text: str, title: str | None = None) -> str:
    """What is embedded: the headline and the text's first EMBED_WORDS words."""
    lead = " ".join((text or "").split()[:EMBED_WORDS])
    return f"{title.strip()}. {lead}" if title and title.strip() else lead


def embed_lead(text: str, title: str | None = None) -> np.ndarray:
    """The unit vector of an article's lead (see lead_text)."""
    return default_embedder().embed(lead_text(text, title))


def pack(vector: np.ndarray) -> list[int]:
    """A vector as PACKED non-negative ints: int8 (scaled to the largest component), four to a value."""
    peak = float(np.abs(vector).max()) or 1.0
    quantised = np.clip(np.rint(vector / peak * 127), -127, 127).astype("<i1")
    return np.frombuffer(quantised.tobytes(), dtype="<u4").astype(np.int64).tolist()


def unpack(values: np.ndarray) -> np.ndarray:
    """The int8 vector of PACKED 32-bit values (see pack)."""
    return np.frombuffer(np.asarray(values, dtype="<u4").tobytes(), dtype="<i1")
