"""The immutable values a ``SpaceIndex`` swaps and reports: its state, how it opened, what a refresh did."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import hnswlib


@dataclass(frozen=True)
class LoadReport:
    """How a space was made ready. ``source``: exact | disk | disk+delta | built;
    ``vectors``: store | cache | cache+delta (where the matrix came from)."""
    source: str
    reason: str
    seconds: float
    vectors: str = "store"


@dataclass(frozen=True)
class RefreshReport:
    """What one ``refresh`` changed."""
    added: int
    updated: int
    removed: int
    rebuilt: bool
    reason: str = ""

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed or self.rebuilt)


@dataclass(frozen=True)
class _State:
    """The rows (and graph) a ``SpaceIndex`` searches, swapped whole."""
    ids: np.ndarray  # sorted int64
    times: np.ndarray  # float64, aligned with ids
    matrix: np.ndarray  # (n, dim) float32, unit rows (possibly a read-only memory map)
    hnsw: "hnswlib.Index | None" = None
    deleted: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int64))  # labels marked deleted

    @property
    def dim(self) -> int:
        return int(self.matrix.shape[1]) if self.matrix.ndim == 2 else 0
