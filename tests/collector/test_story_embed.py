"""The packaged sentence encoder of story merging: offline, deterministic, and it sees a rewrite as closer."""
from __future__ import annotations

import hashlib
import importlib.util
import json
from datetime import timedelta
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from collector.story_embed import (
    DIMENSIONS, EMBED_WORDS, MODEL_FILE, PACKED, Embedder, EmbedderUnavailable, default_embedder, embed_lead,
    lead_text, pack, unpack,
)
import collector.story_embed as story_embed
from collector import collect_sources
from collector.entries import summarize_entry
from collector.story_model import FEATURES, LEXICAL, default_model, default_scorer, pair_features, parse_signature, vector_model
from collector.story_text import SECTIONS, SIGNATURE_MARK, story_signature
from config.settings import ConfigError, load_settings
from storage import Store
from tests.collector.conftest import make_settings
from tests.collector.server import LocalServer
from tests.collector.test_story_merge import NOW, two_reports_in_two_feeds

WALKOUT = "Dock workers at Varnhaven walked out on Monday over pay, leaving container ships waiting offshore."
STRIKE = "Industrial action at the port of Varnhaven halted cargo handling as dockers demanded higher wages."
CONCERT = "The Varnhaven Symphony Orchestra opened its season with the premiere of a cello concerto."


def test_the_encoder_gives_unit_vectors_and_the_same_one_twice() -> None:
    vectors = default_embedder().embed_many([WALKOUT, STRIKE, WALKOUT])
    assert vectors.shape == (3, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(vectors[0], vectors[2])


def test_a_rewrite_in_other_words_is_closer_than_another_event_in_the_same_town() -> None:
    walkout, strike, concert = default_embedder().embed_many([WALKOUT, STRIKE, CONCERT])
    assert float(walkout @ strike) > float(walkout @ concert) + 0.2


def test_the_lead_is_the_headline_and_the_first_words() -> None:
    text = " ".join(f"w{i}" for i in range(100))
    assert lead_text(text, "Headline") == "Headline. " + " ".join(f"w{i}" for i in range(EMBED_WORDS))
    assert lead_text("  short   text ", None) == "short text" == lead_text("short text", "  ")
    assert np.array_equal(embed_lead(text, "Headline"), default_embedder().embed(lead_text(text, "Headline")))


def test_a_packed_vector_keeps_its_direction_in_32_bit_values() -> None:
    vector = embed_lead(WALKOUT)
    packed = pack(vector)
    assert len(packed) == PACKED and all(0 <= value < 2**32 for value in packed)
    restored = unpack(np.array(packed)).astype(np.float32)
    assert float(restored @ vector) / float(np.linalg.norm(restored)) > 0.999


def test_a_signature_carries_the_leads_vector_only_when_asked() -> None:
    signature = story_signature(STRIKE, title="Port strike", vector=True)
    assert signature[0] == SIGNATURE_MARK and signature[SECTIONS] == PACKED
    parts = parse_signature(signature)
    vector = embed_lead(STRIKE, "Port strike")
    assert float(parts.vector.astype(np.float32) @ vector) / parts.vector_norm > 0.999
    plain = story_signature(STRIKE, title="Port strike")
    assert plain == signature[:SECTIONS] + [0] + signature[1 + SECTIONS:-PACKED]
    assert parse_signature(plain).vector is None


def test_signatures_with_a_broken_vector_or_of_version_3_are_not_ours() -> None:
    signature = story_signature(STRIKE, vector=True)
    hashed = signature[1 + SECTIONS:len(signature) - PACKED]
    short_vector = [SIGNATURE_MARK, *signature[1:SECTIONS], 5, *hashed, *signature[-5:]]
    zero_vector = [SIGNATURE_MARK, *signature[1:1 + SECTIONS], *hashed, *[0] * PACKED]
    version_3 = [-3, *signature[1:SECTIONS], *hashed]
    assert parse_signature(short_vector) is None and parse_signature(zero_vector) is None
    assert parse_signature(version_3) is None


def test_the_vectors_model_scores_only_pairs_that_both_carry_vectors() -> None:
    scorer = default_scorer()
    with_vectors = [parse_signature(story_signature(t, vector=True)) for t in (WALKOUT, STRIKE, CONCERT)]
    plain = parse_signature(story_signature(STRIKE))
    hours = np.array([2.0, 2.0, 2.0])
    x = pair_features(with_vectors[0], [with_vectors[1], plain, with_vectors[2]], hours)
    assert np.isnan(x[1, -1]) and not np.isnan(x[[0, 2], -1]).any()
    got = scorer.logits(with_vectors[0], [with_vectors[1], plain, with_vectors[2]], hours)
    assert got[[0, 2]] == pytest.approx(vector_model().logits(x[[0, 2]]))
    assert got[1] == pytest.approx(default_model().logits(x[[1]])[0])
    assert default_model().features == LEXICAL and vector_model().features == FEATURES


def test_a_pass_with_story_vectors_signs_with_them(server: LocalServer, store: Store) -> None:
    sources = two_reports_in_two_feeds(server, store)
    collect_sources(sources, store, make_settings(story_vectors=True), now=NOW)
    signatures = [signature for _, _, signature, _ in store.recent_signatures(NOW - timedelta(days=1))]
    assert len(signatures) == 3 and all(s[SECTIONS] == PACKED for s in signatures)


def test_a_broken_encoder_signs_by_words_alone_and_loses_no_article(monkeypatch: pytest.MonkeyPatch,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    def broken() -> Embedder:
        raise EmbedderUnavailable("cannot load the sentence encoder in /nowhere: gone")

    monkeypatch.setattr(story_embed, "default_embedder", broken)
    summary, signature, error = summarize_entry(STRIKE, "Port strike", None, "http://example.test/a", True)
    assert summary is not None and error is None
    assert signature == story_signature(STRIKE, title="Port strike") and signature[SECTIONS] == 0
    assert "signing without lead vectors" in caplog.text


def test_story_vectors_without_onnxruntime_is_a_clear_config_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "onnxruntime" else real(name, *a))
    with pytest.raises(ConfigError, match=r"story_vectors.*pip install 'briefbot\[vectors\]'"):
        load_settings(env={}, overrides={"collector": {"story_vectors": True}})


def test_a_folder_without_the_encoder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(EmbedderUnavailable, match="cannot load the sentence encoder"):
        Embedder(tmp_path)


def test_the_story_model_was_fitted_with_the_packaged_encoder() -> None:
    model = json.loads(resources.files("collector").joinpath("story_model_vectors.json").read_text(encoding="utf-8"))
    encoder = resources.files("collector").joinpath("encoder", MODEL_FILE).read_bytes()
    assert model["encoder_sha256"] == hashlib.sha256(encoder).hexdigest()
