"""“Play similar”: the items closest to a seed, fused across the modalities both items have.

Fusion weights, by the seed's kind (a modality only counts when both items have a vector for it;
the weights are renormalised over those, so a song and a video are compared on audio and text):

| seed  | visual | audio | text |
|-------|--------|-------|------|
| audio |   —    | 0.70  | 0.30 |
| video |  0.50  | 0.25  | 0.25 |

``modality="audio"`` (or visual/text) ranks by that one space only. Text vectors describe the tags
and file name, so they weigh less than what the item sounds or looks like.

Rules: never the seed; only ``ready`` items (never a missing, pending or failed file); the seed's
kind only unless ``any_kind``; duplicates of the seed or of each other collapsed; at most two of one
artist in a top ten unless the library has nothing else (see ``diversity``).

How: the top ``k × 10`` of each space the seed has (from its ``SpaceIndex``) are merged; every
candidate then gets an exact cosine per modality from the in-memory matrices, and the fused score
ranks them. When the rules leave fewer than ``k`` (a library mostly of the other kind, one artist
filling the neighbourhood), the search widens ×4 until the whole space was considered, and only
then is the artist overflow used.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np

from avrec_desktop.index import matrix_ops
from avrec_desktop.encoders.base import SPACES
from avrec_desktop.errors import IndexError_, NotAnalysed
from avrec_desktop.index.space_index import SpaceIndex
from avrec_desktop.index.store_rows import normalise
from avrec_desktop.recommend.diversity import Candidate, CandidateRows, select
from avrec_desktop.store import MediaItem
from avrec_desktop.store.quick import usable_under

WEIGHTS: dict[str, dict[str, float]] = {
    "audio": {"audio": 0.7, "text": 0.3},
    "video": {"visual": 0.5, "audio": 0.25, "text": 0.25},
}
CANDIDATES_PER_RESULT = 10
MIN_CANDIDATES = 50


@dataclass(frozen=True)
class SimilarResult:
    """One item like the seed, with its fused and per-modality cosines."""
    media: MediaItem
    score: float  # fused cosine, in [-1, 1]
    similarities: dict[str, float]  # per modality both items have
    main_modality: str  # the modality that contributed most (weight × similarity): for "why this?"

    @property
    def bars(self) -> dict[str, float]:
        """Per-modality similarity as 0..1 for small bars (a cosine below 0 shows as an empty bar)."""
        return {s: min(1.0, max(0.0, v)) for s, v in self.similarities.items()}


def pair_bars(indexes: Mapping[str, SpaceIndex], a_id: int, b_id: int) -> dict[str, float]:
    """Per-modality similarity of two items as 0..1 (as ``SimilarResult.bars``), for the modalities both have."""
    out = {}
    for space in SPACES:
        ix = indexes.get(space)
        va = ix.vector(int(a_id)) if ix is not None and len(ix) else None
        vb = ix.vector(int(b_id)) if va is not None else None
        if va is not None and vb is not None:
            out[space] = min(1.0, max(0.0, float(np.dot(va, vb))))
    return out


PANEL_K = 20
PANEL_CAP_K = 10  # the panel keeps ``avrec similar``'s default top-10 artist cap (2) at every depth


def similar_panel(store, indexes: Mapping[str, SpaceIndex], media_id: int, *, k: int = PANEL_K,
                  active: Mapping[str, tuple[str, str]] | None = None) -> list[SimilarResult]:
    """The window's Similar panel: ``similar`` with the same rules as ``avrec similar`` (duplicates
    collapsed, at most ``artist_cap(PANEL_CAP_K)`` of one artist among any of its first results, not the
    looser cap a top 20 would allow), best first; each result's ``bars`` are its per-modality 0..1."""
    return similar(store, indexes, media_id, k=k, active=active, cap_k=min(k, PANEL_CAP_K))


def similar(store, indexes: Mapping[str, SpaceIndex], media_id: int, *, k: int = 10,
            modality: str = "all", any_kind: bool = False,
            active: Mapping[str, tuple[str, str]] | None = None, cap_k: int | None = None) -> list[SimilarResult]:
    """The ``k`` items most like ``media_id``, best first (``cap_k``: the artist cap of a top ``cap_k``).

    Raises ``NotFound`` for an unknown id, ``NotAnalysed`` when the seed has no usable vector (in the
    requested modality), ``IndexError_`` when an index is not the one ``active`` says is in use.
    """
    if modality != "all" and modality not in SPACES:
        raise ValueError(f"modality must be 'all' or one of {', '.join(SPACES)}, not {modality!r}")
    seed = store.get_media(media_id)
    spaces = _spaces(indexes, active)
    vectors = _seed_vectors(store, seed, spaces)
    if modality == "all":
        weights = {s: w for s, w in WEIGHTS[seed.kind].items() if s in vectors}
    else:
        weights = {modality: 1.0} if modality in vectors else {}
    if not weights:
        raise NotAnalysed(_not_analysed_message(seed, modality, vectors))
    if k <= 0:
        return []

    audio_index = spaces.get("audio")
    seed_audio = vectors.get("audio")

    def audio_of(item_id: int):
        if item_id == seed.id:
            return seed_audio
        return audio_index.vector(item_id) if audio_index is not None else None

    seed_row = Candidate.from_media(seed)
    wanted = max(k * CANDIDATES_PER_RESULT, MIN_CANDIDATES)
    largest = max(len(spaces[s]) for s in weights)
    rows = CandidateRows(store)
    while True:
        ids, fused, sims = _candidates(spaces, vectors, weights, wanted, seed.id)
        ranked = ids.tolist()
        picked, overflow = select(ranked, rows, seed_row, k=k, any_kind=any_kind, audio=audio_of, cap_k=cap_k)
        if len(picked) >= k or wanted >= largest:
            break
        wanted *= 4
    picked = (picked + overflow)[:k]

    media = store.media_by_ids(picked)
    results = []
    for media_id_ in picked:
        if media_id_ not in media:  # removed from the library a moment ago
            continue
        n = int(np.flatnonzero(ids == media_id_)[0])
        shared = {s: float(sims[s][n]) for s in weights if not np.isnan(sims[s][n])}
        main = max(shared, key=lambda s: weights[s] * shared[s])
        results.append(SimilarResult(media[media_id_], float(fused[n]), shared, main))
    return results


def _spaces(indexes: Mapping[str, SpaceIndex], active) -> dict[str, SpaceIndex]:
    if active is None:
        return dict(indexes)
    out = {}
    for space, (encoder, version) in active.items():
        ix = indexes.get(space)
        if ix is None:
            continue
        if (ix.encoder, ix.version) != (encoder, version):
            raise IndexError_(f"the {space} index holds {ix.encoder} {ix.version} vectors but {encoder} "
                              f"{version} is active; reopen the indexes")
        out[space] = ix
    return out


def _seed_vectors(store, seed: MediaItem, spaces: dict[str, SpaceIndex]) -> dict[str, np.ndarray]:
    """The seed's unit vector per space, from the index or (not ready, or not indexed yet) the store."""
    out = {s: ix.vector(seed.id) for s, ix in spaces.items()}
    out = {s: v for s, v in out.items() if v is not None}
    if len(out) < len(spaces):
        for space, emb in store.embeddings_of(seed.id).items():
            ix = spaces.get(space)
            if space in out or ix is None or emb.encoder != ix.encoder \
                    or not usable_under(emb.version, ix.version):  # a quick vector is of the space
                continue
            if not ix.dim or ix.dim == len(emb.vector):
                out[space] = normalise(emb.vector)
    return out


def _candidates(spaces, vectors, weights, wanted: int, seed_id: int):
    """Union of each space's nearest ids, with per-space exact cosines and the fused score, ranked."""
    found = [spaces[s].search(vectors[s], wanted + 1)[0] for s in weights]
    ids = matrix_ops.unique_ids(found)
    ids = ids[ids != seed_id]
    sims = {s: spaces[s].similarities(vectors[s], ids) for s in weights}
    num = np.zeros(len(ids), dtype=np.float64)
    den = np.zeros(len(ids), dtype=np.float64)
    for s, w in weights.items():
        present = ~np.isnan(sims[s])
        num[present] += w * sims[s][present]
        den[present] += w
    fused = np.where(den > 0, num / np.maximum(den, 1e-12), -np.inf)
    order = np.lexsort((ids, -fused))
    order = order[np.isfinite(fused[order])]
    return ids[order], fused[order], {s: v[order] for s, v in sims.items()}


def _not_analysed_message(seed: MediaItem, modality: str, vectors: dict) -> str:
    name = seed.display_title
    if modality != "all" and vectors:
        if modality == "visual" and seed.kind == "audio":
            return f"{name} is an audio file: it has no visual analysis"
        return f"{name} has no {modality} analysis yet"
    if seed.status == "failed":
        return f"{name} could not be analysed ({seed.error or 'unknown error'})"
    if seed.status == "missing":
        return f"{name} is missing and was never analysed"
    return f"{name} has not been analysed yet"
