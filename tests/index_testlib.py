"""Helpers for the index, similar and search tests: small stores filled through the Store API.

Vectors are synthetic (no media decoding): items of one "artist" share a direction so neighbours are
known in advance.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from avrec_desktop.store import Embedding

ACTIVE = {"audio": ("sonic", "1"), "visual": ("visual-descriptor", "1"), "text": ("minilm-l6", "1")}
DIMS = {"audio": 24, "visual": 32, "text": 48}


def unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    return v / np.linalg.norm(v)


class LibraryBuilder:
    """Adds items with chosen vectors to a store; remembers the folder."""

    def __init__(self, store, tmp_path, seed: int = 0):
        self.store = store
        self.rng = np.random.default_rng(seed)
        self.folder = store.add_folder(str(tmp_path / "lib"), "mixed")
        self.n = 0

    def random(self, space: str) -> np.ndarray:
        return unit(self.rng.standard_normal(DIMS[space]))

    def near(self, base: np.ndarray, noise: float) -> np.ndarray:
        return unit(base + noise * self.rng.standard_normal(base.shape).astype(np.float32))

    def add(self, *, kind: str = "audio", title: str | None = None, artist: str | None = None,
            album: str | None = None, duration: float | None = 200.0, status: str = "ready",
            content_key: str | None = None, vectors: dict | None = None, name: str | None = None,
            active: dict = ACTIVE) -> int:
        self.n += 1
        ext = "mp4" if kind == "video" else "mp3"
        path = f"{self.folder.path}/{name or f'item{self.n:05d}'}.{ext}"
        media_id = self.store.insert_media(folder_id=self.folder.id, path=path, kind=kind, title=title,
                                           artist=artist, album=album, duration=duration, status=status,
                                           content_key=content_key)
        if vectors:
            self.store.put_embeddings(media_id, [Embedding(space, *active[space], vec)
                                                 for space, vec in vectors.items()])
        return media_id

    def cluster(self, count: int, *, kind: str = "audio", artist: str | None = None,
                spaces=("audio", "text"), noise: float = 0.3, base: dict | None = None,
                **fields) -> list[int]:
        """``count`` items whose vectors lie around one random direction per space."""
        base = base or {s: self.random(s) for s in spaces}
        return [self.add(kind=kind, artist=artist, title=f"{artist or 'track'} {self.n + 1}",
                         vectors={s: self.near(base[s], noise) for s in spaces}, **fields)
                for _ in range(count)]


class HashingTextEncoder:
    """A deterministic stand-in for the sentence model: hashed bag of words, L2-normalised."""

    name, version, dim, space, batch_size = "minilm-l6", "1", DIMS["text"], "text", 32

    def encode(self, batch) -> np.ndarray:
        out = np.zeros((len(batch), self.dim), dtype=np.float32)
        for i, text in enumerate(batch):
            for word in re.findall(r"\w+", str(text).lower()):
                h = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
                out[i, h % self.dim] += 1.0 if (h >> 32) & 1 else -1.0
            norm = np.linalg.norm(out[i])
            if norm:
                out[i] /= norm
        return out


def clustered_audio_library(store, tmp_path, *, artists: int, per_artist: int) -> "LibraryBuilder":
    """A library of ``artists`` clusters of ``per_artist`` audio-only items, one artist each."""
    b = LibraryBuilder(store, tmp_path)
    for artist in range(artists):
        b.cluster(per_artist, artist=f"artist {artist}", spaces=("audio",), noise=0.6)
    return b
