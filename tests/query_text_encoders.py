"""Encoders for the search-by-meaning tests: the fake audio and visual ones, and the hashing text
stand-in whose signature (minilm-l6 1) is the one ``index_testlib`` stamps its text vectors with."""

from fake_encoders import FakeAudio, FakeVisual
from index_testlib import HashingTextEncoder


def make():
    return {"audio": FakeAudio(), "visual": FakeVisual(), "text": HashingTextEncoder()}


def broken():
    raise RuntimeError("no text model here")


class _NeverAnswers(HashingTextEncoder):
    def encode(self, texts):
        import time

        time.sleep(3600)  # a model stuck in its first query


def stuck():
    return {"text": _NeverAnswers()}
