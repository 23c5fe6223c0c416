"""Encoders for the search-by-meaning tests: the fake audio and visual ones, and the hashing text
stand-in whose signature (minilm-l6 1) is the one ``index_testlib`` stamps its text vectors with."""

from fake_encoders import FakeAudio, FakeVisual
from index_testlib import HashingTextEncoder


def make():
    return {"audio": FakeAudio(), "visual": FakeVisual(), "text": HashingTextEncoder()}


def broken():
    raise RuntimeError("no text model here")
