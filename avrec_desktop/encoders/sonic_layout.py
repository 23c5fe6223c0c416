"""The ``audio`` vector's layout — which feature group each column belongs to — without the DSP stack.

The recommender splits the audio space into one facet per group (``recommend.facets``) at every query;
``sonic_features`` (which defines the layout from the code) imports scipy, ~1 s. The committed reference
constants carry the same layout (``SonicEncoder`` refuses to run when they differ), so the groups are read
from them; ``tests/test_encoder_signatures.py`` checks both agree.

The fused ``sonic-musicnn`` vector (sonic_musicnn.py) is sonic's columns then MusiCNN's 200 learned ones:
one more group, ``learned``. ``layout_for`` tells the two apart by length; ``group_shares`` says how much
of the space's cosine each group carries (the fused cosine is ``W_SONIC`` sonic, ``W_LEARNED`` learned;
sonic's groups share its part equally, as its encoder weighs them).
"""

from __future__ import annotations

from .signatures import W_LEARNED, W_SONIC

GROUPS = ("timbre", "spectral", "harmony", "rhythm", "dynamics")
LEARNED = "learned"
LEARNED_DIM = 200  # MusiCNN's penultimate layer


def feature_groups() -> list[str]:
    """The group of each column of a ``sonic`` vector, in order."""
    from .sonic_reference import REFERENCE

    return list(REFERENCE["feature_groups"])


def layout_for(dim: int) -> list[str] | None:
    """The group of each column of an audio vector of ``dim`` columns: sonic's, or the fused one's; None
    for any other audio encoder (one facet, no groups)."""
    sonic = feature_groups()
    if dim == len(sonic):
        return sonic
    if dim == len(sonic) + LEARNED_DIM:
        return sonic + [LEARNED] * LEARNED_DIM
    return None


def group_shares(groups: list[str] | tuple[str, ...]) -> dict[str, float]:
    """Each group's share (summing to one) of the audio space's similarity, for the groups present."""
    present = list(dict.fromkeys(groups))
    sonic = [g for g in present if g != LEARNED]
    if LEARNED not in present or not sonic:
        return {g: 1.0 / len(present) for g in present} if present else {}
    total = W_SONIC + W_LEARNED
    shares = {g: W_SONIC / total / len(sonic) for g in sonic}
    shares[LEARNED] = W_LEARNED / total
    return shares
