"""The quick first pass overlaps its two halves (issue #11 target 4): while MusiCNN runs on one track's patch,
the next tracks are probed, decoded and run through sonic on a thread, so on two cores a quick vector costs
about the larger half instead of the sum; the vectors are the same as one at a time."""

from __future__ import annotations

import threading

import numpy as np
import torch

from avrec_desktop.bench.bench_tracks import write_track
from avrec_desktop.encoders.sonic_musicnn import LEARNED_DIM, SonicMusicnnEncoder
from avrec_desktop.indexing.quick import QuickSettings, quick_analyse, quick_outcomes
from avrec_desktop.library import add_folder, scan_folder
from avrec_desktop.store import Store
from avrec_desktop.store.quick import quick_version


class Net:
    def __call__(self, x):
        n = x.shape[0]
        pen = (x.reshape(n, -1)[:, :LEARNED_DIM] * 3.0 + 1.0)  # depends on the patch: rows differ per track
        return torch.full((n, 50), 0.5), pen


class OverlapSpy(SonicMusicnnEncoder):
    """``window_finish`` of the first track waits until the second one's ``window_prepare`` has begun."""

    def __init__(self):
        super().__init__()
        self.prepared = []
        self.second_prepare_began = threading.Event()
        self.waited_for_it = None

    def _load_weights(self):
        return Net(), Net(), "cpu"

    def window_prepare(self, batch, patches=0):
        self.prepared.append(threading.current_thread().name)
        if len(self.prepared) == 2:
            self.second_prepare_began.set()
        return super().window_prepare(batch, patches)

    def window_finish(self, parts):
        if self.waited_for_it is None:
            self.waited_for_it = self.second_prepare_began.wait(timeout=20.0)
        return super().window_finish(parts)


def items(tmp_path, count=3):
    (tmp_path / "music").mkdir()
    for i in range(count):
        write_track(tmp_path / "music" / f"t{i}.wav", 45.0, seed=i)
    store = Store(tmp_path / "db.sqlite3")
    scan_folder(store, add_folder(store, str(tmp_path / "music"), "music"))
    found = sorted(store.all_media(), key=lambda m: m.path)
    store.close()
    return found


def test_the_next_track_is_prepared_while_this_ones_patch_runs_and_the_vectors_match(tmp_path):
    tracks = items(tmp_path)
    encoder = OverlapSpy()
    settings = QuickSettings()
    got = list(quick_outcomes(tracks, {"audio": encoder}, settings, lambda item: None))
    assert encoder.waited_for_it is True  # the second prepare began before the first finish returned
    assert all(name.startswith("quick-prepare") for name in encoder.prepared)
    assert [item.id for item, _ in got] == [t.id for t in tracks]
    alone = OverlapSpy()
    alone.second_prepare_began.set()
    for (item, outcome), track in zip(got, tracks):
        assert outcome is not None and outcome.quick
        [embedding] = outcome.embeddings
        assert embedding.version == quick_version(encoder.version)
        expected = quick_analyse(track, {"audio": alone}, settings).embeddings[0].vector
        assert np.allclose(np.asarray(embedding.vector), np.asarray(expected), atol=1e-6)
    vectors = [np.asarray(o.embeddings[0].vector) for _, o in got]
    assert not np.allclose(vectors[0], vectors[1])


def test_without_overlap_every_quick_pass_runs_in_the_callers_thread(tmp_path):
    tracks = items(tmp_path, 2)
    encoder = OverlapSpy()
    encoder.second_prepare_began.set()
    got = list(quick_outcomes(tracks, {"audio": encoder}, QuickSettings(), lambda item: None, overlap=False))
    assert encoder.prepared == [threading.current_thread().name] * 2
    assert all(o is not None and o.quick for _, o in got)
