"""A small synthetic labelled library for the evaluation tests: no media, no analysis, built in a store.

Labels come in neighbouring pairs: each pair's two centres are close in the audio space, so the nearest
neighbours of an item at the edge of its cluster often carry the other label of its pair — play-similar
is good but imperfect, as on real music. Paths are ``<root>/<label>/<label>-NN.mp3`` so labels are read
from folder names exactly as for a real ``DEST/<label>/<files>`` library.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from avrec_desktop.evaluation.library import EvalLibrary, labels_from_store
from avrec_desktop.store import Embedding, Store

DIM = 24
ACTIVE_AUDIO = ("sonic", "1")


def _unit(v) -> np.ndarray:
    v = np.asarray(v, dtype=np.float64)
    return (v / np.linalg.norm(v)).astype(np.float32)


def build_synthetic_library(tmp_path: Path, *, labels: int = 6, per_label: int = 12, seed: int = 0,
                            spread: float = 0.3, pair_distance: float = 0.8) -> EvalLibrary:
    """``labels`` × ``per_label`` audio items around pairwise-close label centres; returns the library."""
    rng = np.random.default_rng(seed)
    root = tmp_path / "labelled"
    db_path = tmp_path / "synthetic.sqlite3"
    store = Store(db_path)
    try:
        folder = store.add_folder(str(root), "music")
        centres = []
        for pair in range((labels + 1) // 2):
            a = _unit(rng.standard_normal(DIM))
            centres += [a, _unit(a + pair_distance * _unit(rng.standard_normal(DIM)))]
        for n in range(labels):
            label = f"label{n}"
            for i in range(per_label):
                path = f"{root}/{label}/{label}-{i:02d}.mp3"
                media_id = store.insert_media(folder_id=folder.id, path=path, kind="audio",
                                              title=f"{label} piece {i}", artist=None,
                                              duration=float(rng.uniform(120, 300)), status="ready")
                vector = _unit(centres[n] + spread * rng.standard_normal(DIM) / np.sqrt(DIM) * 3)
                store.put_embeddings(media_id, [Embedding("audio", *ACTIVE_AUDIO, vector)])
        found = labels_from_store(store, root)
    finally:
        store.close()
    return EvalLibrary(db_path=db_path, labels=found, source=f"synthetic {labels}×{per_label}")
