"""The ``sonic`` vector's layout — which feature group each column belongs to — without the DSP stack.

The recommender splits the audio space into one facet per group (``recommend.facets``) at every query;
``sonic_features`` (which defines the layout from the code) imports scipy, ~1 s. The committed reference
constants carry the same layout (``SonicEncoder`` refuses to run when they differ), so the groups are read
from them; ``tests/test_encoder_signatures.py`` checks both agree.
"""

from __future__ import annotations

GROUPS = ("timbre", "spectral", "harmony", "rhythm", "dynamics")


def feature_groups() -> list[str]:
    """The group of each column of a ``sonic`` vector, in order."""
    from .sonic_reference import REFERENCE

    return list(REFERENCE["feature_groups"])
