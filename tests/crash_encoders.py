"""Encoder sets that break the worker process, for the crash-counting tests (see fake_encoders.py)."""

from __future__ import annotations

import os
import signal

from fake_encoders import FakeText, make


class CrashingText(FakeText):
    """Crashes the whole process (SIGSEGV, like a decoder bug in C) on every text that holds ``word``."""

    word = "poison"

    def encode(self, batch):
        if any(self.word in text.lower() for text in batch):
            os.kill(os.getpid(), signal.SIGSEGV)
        return super().encode(batch)


class CrashOnAnything(CrashingText):
    word = ""


def poison():
    encoders = make()
    encoders["text"] = CrashingText()
    return encoders


def crash_always():
    encoders = make()
    encoders["text"] = CrashOnAnything()
    return encoders


def unloadable():
    raise RuntimeError("the model files are gone")
