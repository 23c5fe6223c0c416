"""The random draws of one ranking, seeded, without loading ``numpy.random``.

A ranking draws a handful of numbers: whether one more place goes to exploring, a few random candidates,
which explorable row to take. ``numpy.random`` takes 12–18 ms to import on this machine, more than the
whole ranking of a 10k library, and ``avrec next`` paid it on every call. ``SeededRandom`` gives those
three draws (the names and shapes of ``numpy.random.Generator``'s) from the standard library's generator,
so a ``Generator`` passed in instead (tests, the evaluation) works unchanged.

The same seed gives the same draws in every process and on every machine: ``random.Random`` hashes a
string seed with SHA-512, independent of ``PYTHONHASHSEED``.
"""

from __future__ import annotations

import random

import numpy as np


class SeededRandom:
    """``random()``, ``integers(low, high, size)`` and ``choice(n, p=…)`` from one seed of integers."""

    __slots__ = ("_random",)

    def __init__(self, *seed: int):
        self._random = random.Random("/".join(str(int(part)) for part in seed))

    def random(self) -> float:
        """A float in [0, 1)."""
        return self._random.random()

    def integers(self, low: int, high: int, size: int) -> np.ndarray:
        """``size`` integers drawn uniformly from [low, high), as int64."""
        if high <= low:
            raise ValueError(f"integers: high ({high}) must be above low ({low})")
        return np.fromiter((self._random.randrange(low, high) for _ in range(int(size))), dtype=np.int64,
                           count=int(size))

    def choice(self, n: int, p) -> int:
        """One index in [0, n), index i with probability p[i] (weights that sum to 1)."""
        weights = np.asarray(p, dtype=np.float64)
        if len(weights) != n or n <= 0:
            raise ValueError(f"choice: {len(weights)} weights for {n} choices")
        return self._random.choices(range(n), weights=weights.tolist())[0]
