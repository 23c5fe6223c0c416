"""Content-only audio similarity on labelled corpora: same-label precision@5 of each descriptor, side by side.

A corpus is ``DIR/<label>/<files>`` (the label is the first folder under ``DIR``; exact duplicates by
content count once). For every track, its 5 nearest other tracks by cosine are looked up (leave-one-out) and
the share with its label is averaged over all tracks: ``precision@5``. Columns (``DESCRIPTORS``):

- ``random``: the exact expectation of a random ranking, P(another track has the same label);
- ``naive``: ``naive_librosa`` (mean/std of MFCC, chroma, contrast, centroid, RMS over 120 s, z-scored);
- ``sonic``: the DSP descriptor alone, made the way the indexer makes it (``media.audio_clip`` then
  ``SonicEncoder.encode``);
- ``musicnn``: MusiCNN-MSD's 200-d penultimate layer, mean over the track's patches, plain cosine (no tuning);
- ``sonic-musicnn``: the ``audio`` space's vector exactly as the indexer makes it (``audio_clip`` then
  ``SonicMusicnnEncoder.encode``: sonic fused with the learned part at ``W_SONIC``/``W_LEARNED``), so this is
  what "play similar" compares. ``musicnn`` is that vector's learned columns (one pass serves both).

A new encoder is one more column: add ``"name": function(paths) -> vectors`` to ``DESCRIPTORS`` (e.g. an
encoder's ``encode`` over ``audio_clip``s, like ``_sonic``). ``avrec eval-similarity --dev DIR --held-out DIR``
runs all of them on both corpora and writes the JSON and, beside it, the Markdown page (eval/similarity.md).
Which corpus is which, and what each may be used for, is eval/README.md's protocol.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from avrec_desktop.errors import FolderError

K = 5
AUDIO_SUFFIXES = {".mp3", ".ogg", ".oga", ".opus", ".flac", ".wav", ".m4a", ".aac", ".wma", ".aiff", ".aif"}
IN_SAMPLE_NOTE = ("`sonic`'s reference statistics (`encoders/sonic_reference.py`) were calibrated on the dev "
                  "corpus, and `sonic-musicnn`'s fusion weight, patches per track and their placement "
                  "(`encoders/signatures.py`, `sonic_musicnn.patch_picks`) were chosen on dev and dev-real "
                  "together (`scripts/musicnn_placement.py choose`), so their numbers there are in-sample "
                  "(`musicnn` shares the chosen patches, nothing else); only the held-out column says how they "
                  "generalise. The placement and weight were re-chosen after the previous held-out run had "
                  "missed the sonic + 0.06 target (eval/README.md says how): the held-out number that follows "
                  "such a round is reported, but it is no longer a first look.")
# Issue #9's targets, on the held-out corpus only: the fused audio vector's precision@5 beats these by this much.
TARGETS = (("sonic-musicnn", "naive", 0.12), ("sonic-musicnn", "sonic", 0.06))
TARGET_CORPUS = "held-out"


def target_lines(report: dict) -> list[str]:
    """One "PASS"/"FAIL" line per target whose columns the held-out corpus has (none without it)."""
    results = report["corpora"].get(TARGET_CORPUS, {}).get("results", {})
    lines = []
    for ours, baseline, margin in TARGETS:
        if ours in results and baseline in results:
            a, b = results[ours]["precision_at_5"], results[baseline]["precision_at_5"]
            verdict = "PASS" if a >= b + margin - 1e-12 else "FAIL"
            lines.append(f"- **{verdict}**: {TARGET_CORPUS} {ours} {a:.3f} ≥ {baseline} {b:.3f} + {margin:.2f} "
                         f"(margin {a - b:+.3f})")
    return lines


def precision_at_k(vectors: np.ndarray, labels: Sequence[str], k: int = K) -> tuple[float, dict[str, float]]:
    """Mean share of same-label tracks among each track's ``k`` nearest others by cosine, and that mean by label.

    Ties are broken by position (a stable sort), so the number is deterministic. Zero vectors compare as 0.
    """
    labels = np.asarray(labels)
    n = labels.size
    if n < 2:
        raise ValueError("precision@k needs at least two tracks")
    k = min(k, n - 1)
    v = np.asarray(vectors, dtype=np.float64)
    unit = v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)
    sim = unit @ unit.T
    np.fill_diagonal(sim, -np.inf)
    nearest = np.argsort(-sim, axis=1, kind="stable")[:, :k]
    hits = (labels[nearest] == labels[:, None]).mean(axis=1)
    return float(hits.mean()), {str(lab): float(hits[labels == lab].mean()) for lab in np.unique(labels)}


def chance_precision(labels: Sequence[str]) -> float:
    """Expected precision@k of a random ranking (any k): P(another track has the same label)."""
    labels = np.asarray(labels)
    n = labels.size
    counts = np.unique(labels, return_counts=True)[1]
    return float((counts * (counts - 1)).sum() / (n * (n - 1)))


def collect(root: str | Path) -> list[tuple[Path, str]]:
    """Audio files under ``root`` with their label (first folder below ``root``), duplicates by content dropped."""
    root = Path(root)
    if not root.is_dir():
        raise FolderError(f"{root} is not a folder")
    seen: set[str] = set()
    found = []
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if len(rel.parts) < 2 or path.suffix.lower() not in AUDIO_SUFFIXES or not path.is_file():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen:
            seen.add(digest)
            found.append((path, rel.parts[0]))
    if len({label for _, label in found}) < 2:
        raise FolderError(f"{root} needs audio files in at least two label folders (DIR/<label>/<file>)")
    return found


def _naive(paths: Sequence[Path]) -> np.ndarray:
    from . import naive_librosa

    return naive_librosa.vectors(paths)


def _sonic(paths: Sequence[Path]) -> np.ndarray:
    from avrec_desktop.encoders.sonic import SonicEncoder
    from avrec_desktop.media.audio import audio_clip

    encoder = SonicEncoder()
    return np.concatenate([encoder.encode([audio_clip(p)]) for p in paths])


_FUSED_MEMO: dict[tuple[str, ...], np.ndarray] = {}


def _fused_vectors(paths: Sequence[Path]) -> np.ndarray:
    """The indexer's ``sonic-musicnn`` vectors, computed once per list of paths (both columns use them)."""
    key = tuple(str(p) for p in paths)
    if key not in _FUSED_MEMO:
        from avrec_desktop.encoders.sonic_musicnn import SonicMusicnnEncoder
        from avrec_desktop.media.audio import audio_clip

        encoder = SonicMusicnnEncoder()
        _FUSED_MEMO.clear()
        _FUSED_MEMO[key] = np.concatenate([encoder.encode([audio_clip(p)]) for p in paths])
    return _FUSED_MEMO[key]


def _fused(paths: Sequence[Path]) -> np.ndarray:
    return _fused_vectors(paths)


def _musicnn(paths: Sequence[Path]) -> np.ndarray:
    from avrec_desktop.encoders.sonic_musicnn import LEARNED_DIM

    return _fused_vectors(paths)[:, -LEARNED_DIM:]  # a positive multiple of the unit mean penultimate


DESCRIPTORS: dict[str, Callable[[Sequence[Path]], np.ndarray]] = {
    "naive": _naive, "sonic": _sonic, "musicnn": _musicnn, "sonic-musicnn": _fused}
COLUMNS = ("random", *DESCRIPTORS)


def evaluate_corpus(root: str | Path, descriptors: Sequence[str] = tuple(DESCRIPTORS), *,
                    progress: Callable[[str], None] | None = None) -> dict:
    """precision@5 of every descriptor (and random) on one corpus, with per-label numbers and CPU seconds."""
    unknown = [d for d in descriptors if d not in DESCRIPTORS and d != "random"]
    if unknown:
        raise ValueError(f"unknown descriptor(s) {', '.join(unknown)}; known: {', '.join(COLUMNS)}")
    files = collect(root)
    paths, labels = [p for p, _ in files], [lab for _, lab in files]
    chance = chance_precision(labels)
    results = {"random": {"precision_at_5": chance, "note": "expected value of a random ranking"}}
    for name in descriptors:
        if name == "random":
            continue
        if progress:
            progress(f"{Path(root).name}: {name} on {len(paths)} tracks")
        start = time.process_time()
        vectors = DESCRIPTORS[name](paths)
        cpu = time.process_time() - start
        overall, per_label = precision_at_k(vectors, labels)
        results[name] = {"precision_at_5": overall,
                         "macro_precision_at_5": float(np.mean(list(per_label.values()))), "per_label": per_label, "dim": int(vectors.shape[1]), "cpu_seconds": round(cpu, 1)}
    counts = {str(lab): int(c) for lab, c in zip(*np.unique(labels, return_counts=True))}
    return {"folder": str(Path(root).resolve()), "tracks": len(paths), "labels": counts, "results": results}


def run(corpora: dict[str, str | Path], out: str | Path, descriptors: Sequence[str] = tuple(DESCRIPTORS), *,
        command: str = "", progress: Callable[[str], None] | None = None) -> dict:
    """Evaluate each named corpus ("dev", "held-out"), write ``out`` (JSON) and the Markdown beside it."""
    report = {"date": _dt.date.today().isoformat(), "k": K, "command": command,
              "descriptors": ["random", *[d for d in descriptors if d != "random"]],
              "corpora": {name: evaluate_corpus(root, descriptors, progress=progress) for name, root in corpora.items()}}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    out.with_suffix(".md").write_text("\n".join(markdown_lines(report)) + "\n")
    return report


def markdown_lines(report: dict) -> list[str]:
    """The report as a page: one row per descriptor, one column per corpus, then precision@5 by label."""
    names = list(report["corpora"])
    corpora = report["corpora"]

    def cell(corpus: dict, name: str) -> str:
        r = corpus["results"].get(name)
        return "—" if r is None else f"{r['precision_at_5']:.3f}"

    lines = ["# Audio similarity: same-label precision@5, content only", "",
             f"Measured {report['date']} with `{report['command']}`." if report.get("command")
             else f"Measured {report['date']}.", "",
             "Leave-one-out, cosine: for each track, the share of its 5 nearest other tracks that come from the "
             "same source (soundtrack or composer). Files carry no tags and, in the held-out corpus, neutral "
             "names; only the audio is compared.", "",
             f"**In-sample warning.** {IN_SAMPLE_NOTE}", "",
             "| descriptor | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for name in report["descriptors"]:
        lines.append(f"| {name} | " + " | ".join(cell(corpora[c], name) for c in names) + " |")
    lines.append("")
    targets = target_lines(report)
    if targets:
        lines += ["Issue #9's targets (held-out, content only, same run):", "", *targets, ""]
    for c in names:
        corpus = corpora[c]
        labels = ", ".join(f"{lab} {n}" for lab, n in corpus["labels"].items())
        lines += [f"## {c}: `{corpus['folder']}`", "", f"{corpus['tracks']} tracks in {len(corpus['labels'])} labels "
                  f"({labels}).", ""]
        measured = [d for d in report["descriptors"] if "per_label" in corpus["results"].get(d, {})]
        if not measured:
            continue
        lines += ["| label | " + " | ".join(measured) + " |", "|---|" + "---|" * len(measured)]
        for lab in corpus["labels"]:
            lines.append(f"| {lab} | " + " | ".join(f"{corpus['results'][d]['per_label'][lab]:.2f}"
                                                     for d in measured) + " |")
        lines.append("| **macro** | " + " | ".join(f"**{corpus['results'][d]['macro_precision_at_5']:.3f}**"
                                                  for d in measured) + " |")
        cpu = ", ".join(f"{d} {corpus['results'][d]['cpu_seconds']} s" for d in measured)
        shared = " (`musicnn` and `sonic-musicnn` share one pass; its cost shows under the first)" if {
            "musicnn", "sonic-musicnn"} <= set(measured) else ""
        lines += ["", f"CPU seconds for the whole corpus: {cpu}{shared}.", ""]
    return lines
