"""Fake encoders whose audio window vector is comparable with the track one, so the worker runs its
quick first pass with them (indexing/quick.py); counts what each process encoded, per pass."""

from __future__ import annotations

from fake_encoders import FakeAudio, make as make_fake


class WindowAudio(FakeAudio):
    window_comparable = True


def make():
    encoders = make_fake()
    encoders["audio"] = WindowAudio()
    return encoders
