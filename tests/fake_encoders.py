"""Small, fast encoders for worker tests. They work on the real decoded inputs (so decoding is tested),
and can be slowed down (``AVREC_TEST_ENCODE_DELAY`` seconds per item) to kill a worker mid-run."""

from __future__ import annotations

import os
import time

import numpy as np


class _Base:
    version = "1"
    batch_size = 4

    def _delay(self, n):
        delay = float(os.environ.get("AVREC_TEST_ENCODE_DELAY", "0") or 0)
        if delay:
            time.sleep(delay * n)

    @staticmethod
    def _norm(m):
        m = np.asarray(m, dtype=np.float32)
        return m / np.maximum(np.linalg.norm(m, axis=1, keepdims=True), 1e-9)


class FakeAudio(_Base):
    name, dim, space = "fake-audio", 8, "audio"

    def encode(self, batch):
        self._delay(len(batch))
        rows = []
        for clip in batch:
            x = np.concatenate(clip.windows) if clip.windows else np.zeros(1, np.float32)
            spec = np.abs(np.fft.rfft(x[: 1 << 14], n=1 << 14))
            bands = np.array_split(spec, 7)
            rows.append([float(np.sqrt(np.mean(x ** 2))) + 1e-3] + [float(b.mean()) for b in bands])
        return self._norm(rows)


class FakeVisual(_Base):
    name, dim, space = "fake-visual", 3, "visual"

    def encode(self, batch):
        self._delay(len(batch))
        return self._norm([np.mean([f.reshape(-1, 3).mean(0) for f in v.frames], 0) + 1 for v in batch])


class FakeText(_Base):
    name, dim, space = "fake-text", 16, "text"

    def encode(self, batch):
        rows = np.zeros((len(batch), self.dim), np.float32)
        for i, text in enumerate(batch):
            for word in text.lower().split():
                rows[i, sum(map(ord, word)) % self.dim] += 1
        return self._norm(rows + 1e-3)


def make():
    return {"audio": FakeAudio(), "visual": FakeVisual(), "text": FakeText()}
