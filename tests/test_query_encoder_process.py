"""Search by meaning with the text model in a process of its own: the child encodes a query exactly as
the encoder does in-process, says so when its model cannot load, dies with its parent, and the window
answers a search by words first, then by meaning, without loading the text model itself."""

import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from avrec_desktop.indexing.lifeline import process_alive
from avrec_desktop.recommend.query_encoder_process import QueryEncoderError, QueryEncoderProcess
from index_testlib import HashingTextEncoder, LibraryBuilder

FACTORY = "query_text_encoders:make"
WAIT_S = 90


def _wait_dead(pid: int) -> bool:
    end = time.monotonic() + WAIT_S
    while process_alive(pid) and time.monotonic() < end:
        time.sleep(0.1)
    return not process_alive(pid)


def test_the_child_encodes_a_query_as_the_encoder_does_in_process():
    encoder = QueryEncoderProcess(env={"AVREC_ENCODERS_FACTORY": FACTORY})
    try:
        assert encoder.start() == {"text": ("minilm-l6", "1")}  # the fake visual encoder has no text tower
        for text in ("quiet piano music", "Café del Mar", ""):
            got = encoder.encode(text)
            assert set(got) == {"text"}
            assert (got["text"].name, got["text"].version) == ("minilm-l6", "1")
            np.testing.assert_allclose(got["text"].encode([text]), HashingTextEncoder().encode([text]), atol=1e-6)
        with pytest.raises(QueryEncoderError):
            got["text"].encode(["another query"])
        pid = encoder.pid
    finally:
        encoder.close()
    assert _wait_dead(pid)


def test_a_model_that_cannot_load_is_a_typed_error():
    encoder = QueryEncoderProcess(env={"AVREC_ENCODERS_FACTORY": "query_text_encoders:broken"})
    try:
        with pytest.raises(QueryEncoderError, match="could not load the text model"):
            encoder.encode("anything")
    finally:
        encoder.close()


def test_closing_ends_a_query_the_child_never_answers():
    """The window's shutdown closes the encoder while a task thread waits on it: the wait ends with a typed
    error at once instead of holding the task thread (and the window's exit) forever."""
    import threading

    encoder = QueryEncoderProcess(env={"AVREC_ENCODERS_FACTORY": "query_text_encoders:stuck"})
    encoder.start()
    pid = encoder.pid
    outcome = []

    def ask():
        try:
            encoder.encode("anything")
            outcome.append("answered")
        except QueryEncoderError as exc:
            outcome.append(exc)
    asking = threading.Thread(target=ask, daemon=True)
    asking.start()
    time.sleep(1.0)  # the query is with the child, which sleeps
    closer = threading.Thread(target=encoder.close, kwargs={"timeout": 2.0}, daemon=True)
    closer.start()
    closer.join(WAIT_S)
    asking.join(WAIT_S)
    assert not closer.is_alive() and not asking.is_alive()
    assert len(outcome) == 1 and isinstance(outcome[0], QueryEncoderError)
    assert _wait_dead(pid)


def test_the_child_dies_with_its_parent(tmp_path):
    script = ("import sys, time\n"
              "from avrec_desktop.recommend.query_encoder_process import QueryEncoderProcess\n"
              "p = QueryEncoderProcess()\n"
              "p.start()\n"
              "print(p.pid, flush=True)\n"
              "time.sleep(600)\n")
    env = {**os.environ, "AVREC_ENCODERS_FACTORY": FACTORY,
           "PYTHONPATH": os.pathsep.join(p for p in sys.path if p and os.path.isdir(p))}
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, env=env, text=True)
    try:
        child = int(parent.stdout.readline())
        assert process_alive(child)
        parent.send_signal(signal.SIGKILL)
        parent.wait(WAIT_S)
        assert _wait_dead(child)
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def test_the_window_answers_by_words_then_by_meaning_without_the_text_model(qtbot, qapp, tmp_path, monkeypatch):
    from avrec_desktop.store import Store
    from avrec_desktop.ui.app import build

    text = HashingTextEncoder()
    db = tmp_path / "library.sqlite3"
    with Store(db) as store:
        b = LibraryBuilder(store, tmp_path)
        by_word = b.add(title="Ocean Drive", artist="Lighthouse", vectors={"text": text.encode(["ocean drive"])[0]})
        by_meaning = b.add(title="Northern Lights", artist="Aurora",
                           vectors={"text": text.encode(["calm ocean waves"])[0]})
        b.add(title="Zebra", artist="Stripes", vectors={"text": text.encode(["zebra crossing"])[0]})
    monkeypatch.setenv("AVREC_DB", str(db))
    monkeypatch.setenv("AVREC_ENCODERS_FACTORY", FACTORY)  # the child process loads these
    window = build(qapp, encoders_factory=FACTORY, start_background=False)  # the real task threads
    controller = window.controller
    answers = []
    controller.search_ready.connect(lambda query, ids: answers.append((query, list(ids))))
    try:
        controller.search("ocean", "audio")
        qtbot.waitUntil(lambda: len(answers) >= 2, timeout=WAIT_S * 1000)
        assert answers[0] == ("ocean", [by_word])  # words first
        assert answers[1] == ("ocean", [by_word, by_meaning])  # then the meaning part, after them
        assert getattr(controller.core, "_text_encoders", None) is None  # never loaded in the window
        child = controller._query_process.pid
        assert process_alive(child) and child != os.getpid()
    finally:
        controller.shutdown()
    assert _wait_dead(child)
