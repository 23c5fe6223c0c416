"""``avrec bench index``: index builds never block (issue #11, target 3), on synthetic libraries.

Per size (default 10k and 100k items; audio 123-d and text 384-d for every item, visual 512-d for the
30 % videos, clustered vectors from ``bench/query.py``) and with an empty cache folder:

- ``first_answer_s``: open all three spaces the way the window does (``graph="background"``) and answer
  one query per space — against ``graph_ready_s``, when the background graphs were in (what the first
  query used to wait for); the ratio is the speed-up of the first answer;
- ``exact_during_build_ms``: exact search while the build threads hold the cores;
- ``exact_ms`` / ``graph_ms``: p50/p95 of top-10 per space before and after the swap, idle;
- ``identical``: the share of queries whose exact answer equals a plain numpy brute force, and whose
  graph answer equals the exact one (recall@10 alongside);
- ``cli_open_s``: a second, CLI-style open (``graph="off"``) from the memory-mapped vector cache.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import numpy as np

from avrec_desktop.bench.query import ACTIVE, _fill, _percentiles
from avrec_desktop.index import LibraryIndexes
from avrec_desktop.store import Store

TARGET_EXACT_MS = 150


def run_index_bench(sizes=(10_000, 100_000), queries: int = 200, seed: int = 0,
                    dims: dict | None = None, exact_max: int | None = None) -> dict:
    from avrec_desktop.bench.query import DIMS

    dims = {**DIMS, **(dims or {})}
    with tempfile.TemporaryDirectory(prefix="avrec-bench-index-") as tmp:
        rows = [_one_size(Path(tmp), n, dims, queries, seed, exact_max) for n in sizes]
    return {"dims": dims, "queries": queries, "target_exact_ms": TARGET_EXACT_MS, "sizes": rows}


def _one_size(root: Path, n: int, dims: dict, queries: int, seed: int, exact_max) -> dict:
    rng = np.random.default_rng(seed)
    store = Store(root / f"index-{n}.sqlite3")
    out: dict = {"items": n}
    try:
        t0 = time.perf_counter()
        library = _fill(store, rng, n, dims)
        out["fill_store_s"] = round(time.perf_counter() - t0, 2)
        directory = root / f"cache-{n}"
        opts = {"directory": directory} if exact_max is None else {"directory": directory,
                                                                    "exact_max": exact_max}
        seeds = [int(i) for i in rng.choice(library["ids"], size=queries, replace=False)]

        t0 = time.perf_counter()
        indexes = LibraryIndexes.open(store, ACTIVE, graph="background", **opts)
        for space, ix in indexes.items():
            ix.search(_query(ix, seeds), 10)
        out["first_answer_s"] = round(time.perf_counter() - t0, 3)
        during = {s: _latencies(ix, seeds[:50], exact=True, while_building=True) for s, ix in indexes.items()}
        indexes.wait_ready()
        out["graph_ready_s"] = round(time.perf_counter() - t0, 2)
        out["first_answer_speedup"] = round(out["graph_ready_s"] / max(out["first_answer_s"], 1e-6), 1)
        out["spaces"] = {}
        for space, ix in indexes.items():
            row = {"items": len(ix), "dim": ix.dim, "graph": ix.uses_graph, "graph_source": ix.report.source,
                   "exact_during_build_ms": during[space],
                   "exact_ms": _percentiles(_latencies(ix, seeds, exact=True))}
            if ix.uses_graph:
                row["graph_ms"] = _percentiles(_latencies(ix, seeds, exact=False))
            row.update(_identity(store, space, ix, seeds[:100]))
            out["spaces"][space] = row
        for row in out["spaces"].values():
            d = row["exact_during_build_ms"]
            row["exact_during_build_ms"] = _percentiles(d) if d else "graph was ready before any query"

        t0 = time.perf_counter()
        cli = LibraryIndexes.open(store, ACTIVE, graph="off", **opts)
        for ix in cli.values():
            ix.search(_query(ix, seeds), 10)
        out["cli_open_and_answer_s"] = round(time.perf_counter() - t0, 3)
        out["cli_vectors_from"] = {s: ix.report.vectors for s, ix in cli.items()}
        indexes.close()
    finally:
        store.close()
    return out


def _query(ix, seeds) -> np.ndarray:
    for media_id in seeds:
        v = ix.vector(media_id)
        if v is not None:
            return np.array(v)
    return np.ones(ix.dim, np.float32)


def _latencies(ix, seeds, *, exact: bool, while_building: bool = False) -> list[float]:
    out = []
    for media_id in seeds:
        if while_building and not ix.building:
            break
        v = ix.vector(media_id)
        if v is None:
            continue
        t = time.perf_counter()
        ix.exact_search(v, 10) if exact else ix.search(v, 10)
        out.append((time.perf_counter() - t) * 1000)
    return out


def _identity(store, space: str, ix, seeds) -> dict:
    ids, matrix = store.load_space(space, *ACTIVE[space])
    ids = np.asarray(ids)
    matrix = matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)
    same_exact = same_graph = recall = total = 0
    for media_id in seeds:
        v = ix.vector(media_id)
        if v is None:
            continue
        total += 1
        sims = matrix @ v
        brute = ids[np.lexsort((ids, -sims))[:10]].tolist()
        exact = ix.exact_search(v, 10)[0].tolist()
        got = ix.search(v, 10)[0].tolist()
        same_exact += exact == brute
        same_graph += got == exact
        recall += len(set(got) & set(exact)) / 10
    total = max(total, 1)
    return {"exact_equals_brute_force": round(same_exact / total, 4),
            "graph_equals_exact": round(same_graph / total, 4), "recall_at_10": round(recall / total, 4)}


def summary_lines(result: dict) -> list[str]:
    lines = []
    for row in result.get("sizes") or []:
        lines.append(f"index {row['items']} items, empty cache: first answer {row['first_answer_s']} s, "
                     f"graphs ready after {row['graph_ready_s']} s ({row['first_answer_speedup']}× sooner); "
                     f"CLI open+answer from the vector cache {row['cli_open_and_answer_s']} s")
        for space, s in row["spaces"].items():
            during = s["exact_during_build_ms"]
            during = f"p50 {during['p50']} p95 {during['p95']} ms" if isinstance(during, dict) else "n/a"
            graph = s.get("graph_ms") or {}
            lines.append(f"  {space} {s['items']}×{s['dim']}: exact p50 {s['exact_ms']['p50']} p95 "
                         f"{s['exact_ms']['p95']} ms (during build {during}; target ≤ "
                         f"{result['target_exact_ms']}); graph p50 {graph.get('p50', '-')} p95 "
                         f"{graph.get('p95', '-')} ms; exact = brute force {s['exact_equals_brute_force']:.0%}, "
                         f"graph = exact {s['graph_equals_exact']:.0%}, recall@10 {s['recall_at_10']}")
    return lines
