"""Familiar ⟷ adventurous: one number in [0, 1] that moves Up next between closeness to what is playing,
the user's taste and exploration, and the side each suggestion came from.

**The mapping** (``adventure_params``; ``NextParams.with_adventure`` calls it): at ``DEFAULT`` (0.5) the
parameters are exactly the ones given (today's Up next); each parameter below moves linearly from its
"familiar" value at 0 to the given value at 0.5, and on to its "adventurous" value at 1, so every one of
them moves one way only over the whole range:

| parameter | 0 (familiar) | 0.5 | 1 (adventurous) |
|---|---|---|---|
| ``relevance_weight`` (closeness to the playing item) | ×2 | as given | ×0.3 |
| ``explore`` (exploration places of the list) | 0 | as given | +0.3 |
| ``fresh_weight`` (unplayed / long unplayed items) | 0 | as given | +0.3 |
| ``diversity`` (MMR: picks unlike each other) | ×0.5 | as given | ×2 |
| ``random_candidates`` (library-wide candidates) | ×¼ | as given | ×4 |
| ``liked_neighbours`` (around each favourite) | as given | as given | ×2 |
| ``explore_temperature`` (how freely exploration draws) | as given | as given | ×2 |
| ``explore_pool`` (how many of the best new items exploration draws among) | as given | as given | ×4 |

The taste weight stays: low values keep the taste as today beside more closeness; high values let the
taste (and the freshness term) rank a wider pool with less pull from the playing item.

**The side** of a suggestion (``sides``), from the term that put it on the list: an exploration place
is ``adventurous``; a ranked pick is the side of the score part (relevance → ``familiar``, taste →
``taste``, freshness → ``adventurous``) that lifts it most above the median candidate of the same table
(a part every candidate has alike selects nothing). Without a playing item there is no ``familiar``.
"""

from __future__ import annotations

from dataclasses import fields, replace

import numpy as np

from avrec_desktop.errors import BadArgument
from avrec_desktop.recommend.phrases import PHRASES, Words
from avrec_desktop.recommend.reasons import Reason

DEFAULT = 0.5
STEPS = (0.0, 0.25, 0.5, 0.75, 1.0)  # the window's five-step control

SIDES = ("familiar", "taste", "adventurous")
SIDE_TEXT = {side: PHRASES[f"side.{side}"] for side in SIDES}  # "close to what's playing", …
SIDE_PART = {"relevance": "familiar", "taste": "taste", "fresh": "adventurous"}


def _scale(low: float, high: float):
    return lambda v: (v * low, v, v * high)


def _shift(low: float | None, high: float):
    return lambda v: (v if low is None else low, v, v + high)


# parameter -> given value -> (value at 0, at 0.5, at 1)
ENDS = {
    "relevance_weight": _scale(2.0, 0.3),
    "explore": _shift(0.0, 0.3),
    "fresh_weight": _shift(0.0, 0.3),
    "diversity": _scale(0.5, 2.0),
    "random_candidates": _scale(0.25, 4.0),
    "liked_neighbours": _scale(1.0, 2.0),
    "explore_temperature": _scale(1.0, 2.0),
    "explore_pool": _scale(1.0, 4.0),
}


def check(adventure) -> float:
    """The value as a float in [0, 1], or ``BadArgument`` saying the range."""
    try:
        a = float(adventure)
    except (TypeError, ValueError):
        raise BadArgument(f"adventure must be a number from 0 (familiar) to 1 (adventurous), not {adventure!r}")
    if not 0.0 <= a <= 1.0:  # NaN fails too
        raise BadArgument(f"adventure must be from 0 (familiar) to 1 (adventurous), not {adventure!r}")
    return a


def adventure_params(params, adventure: float):
    """``params`` (a ``NextParams``) moved to ``adventure``; the same object at ``DEFAULT``."""
    a = check(adventure)
    if a == DEFAULT:
        return params
    types = {f.name: f.type for f in fields(params)}
    values = {}
    for name, ends in ENDS.items():
        low, mid, high = ends(getattr(params, name))
        value = low + (mid - low) * a / DEFAULT if a < DEFAULT else mid + (high - mid) * (a - DEFAULT) / DEFAULT
        values[name] = int(round(value)) if types[name] in (int, "int") else float(value)
    values["explore"] = min(values["explore"], 1.0)
    return replace(params, **values)


def median(values) -> float:
    """``float(np.median(values))`` of a non-empty 1-d array, the same float, without ``np.median``: it
    imports ``numpy.ma`` on first use (~11 ms of an ``avrec next`` whose budget is 0.3 s). The middle
    one or two of the sorted values, averaged by ``mean`` as ``np.median`` averages them; NaN if any is."""
    ordered = np.sort(np.asarray(values).ravel())
    n = len(ordered)
    if n and np.isnan(ordered[-1]):  # sort puts NaN last
        return float("nan")
    return float(ordered[(n - 1) // 2:n // 2 + 1].mean())


def sides(table, picks, seed) -> dict[int, str]:
    """The side of each pick, by table row (see the module's docstring)."""
    if not picks:
        return {}
    parts = [p for p in SIDE_PART if p in table.parts and (seed is not None or p != "relevance")]
    medians = {p: median(table.parts[p]) for p in parts}
    out = {}
    for pick in picks:
        r = pick.position
        if pick.explored:
            out[r] = "adventurous"
            continue
        lift = {p: float(table.parts[p][r]) - medians[p] for p in parts}
        best = max(parts, key=lambda p: (lift[p], -parts.index(p)))  # ties: the earlier part
        out[r] = SIDE_PART[best]
    return out


def side_reason(side: str) -> Reason:
    return Reason.saying("side", Words(f"side.{side}"), {"side": side})


def with_sides(suggestions, table, picks, seed) -> list:
    """The suggestions, each with its ``side`` and a ``side`` reason after its other reasons."""
    by_id = {int(table.ids[r]): side for r, side in sides(table, picks, seed).items()}
    out = []
    for s in suggestions:
        side = by_id.get(s.media.id)
        out.append(s if side is None else replace(s, side=side, reasons=[*s.reasons, side_reason(side)]))
    return out
